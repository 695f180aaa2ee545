package main

import (
	"github.com/taubyte/go-sdk/event"
	"github.com/taubyte/go-sdk/p2p/node"
)

// caller sends the query's `data` as command `cmd` on protocol `protocol` (both from the query) through go-sdk's
// p2p client and answers with the response, or with the SDK's error.
//
//export caller
func caller(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	protocol, _ := h.Query().Get("protocol")
	cmd, _ := h.Query().Get("cmd")
	data, _ := h.Query().Get("data")
	command, err := node.New(protocol).Command(cmd)
	if err != nil {
		h.Write([]byte("error: " + err.Error()))
		return 0
	}
	response, err := command.Send([]byte(data))
	if err != nil {
		h.Write([]byte("error: " + err.Error()))
		return 0
	}
	h.Write(response)
	return 0
}
