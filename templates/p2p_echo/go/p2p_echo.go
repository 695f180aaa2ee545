package main

import (
	"io"

	"github.com/taubyte/go-sdk/event"
	httpEvent "github.com/taubyte/go-sdk/http/event"
	"github.com/taubyte/go-sdk/p2p/node"
)

// p2p_echo sends the request body as the command "echo" on the protocol /p2p_echo/v1 (the service p2p_echo)
// through go-sdk's p2p client and answers with what the p2p function serving it wrote back.
//
//export p2p_echo
func p2p_echo(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	body, err := io.ReadAll(h.Body())
	if err != nil {
		return fail(h, err)
	}
	command, err := node.New("/p2p_echo/v1").Command("echo")
	if err != nil {
		return fail(h, err)
	}
	response, err := command.Send(body)
	if err != nil {
		return fail(h, err)
	}
	if _, err = h.Write(response); err != nil {
		return 1
	}
	return 0
}

// fail answers 502 with the SDK's error.
func fail(h httpEvent.Event, err error) uint32 {
	h.Return(502)
	h.Write([]byte(err.Error()))
	return 1
}
