package main

import (
	"fmt"

	"github.com/taubyte/go-sdk/event"
)

// echo runs for a p2p command and answers with the protocol, the command and the data it read, which it also
// logs (so that a test sees which substrate ran it).
//
//export echo
func echo(e event.Event) uint32 {
	p, err := e.P2P()
	if err != nil {
		return 1
	}
	protocol, err := p.Protocol()
	if err != nil {
		return 1
	}
	command, err := p.Command()
	if err != nil {
		return 1
	}
	data, err := p.Data()
	if err != nil {
		return 1
	}
	fmt.Println("echo " + string(data))
	if err = p.Write([]byte(protocol + " " + command + ": " + string(data))); err != nil {
		return 1
	}
	return 0
}
