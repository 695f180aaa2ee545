package main

import (
	"github.com/taubyte/go-sdk/event"
)

// echo runs for the p2p command "echo" and answers "echo: " followed by the data it was sent.
//
//export echo
func echo(e event.Event) uint32 {
	p, err := e.P2P()
	if err != nil {
		return 1
	}
	data, err := p.Data()
	if err != nil {
		return 1
	}
	if err = p.Write(append([]byte("echo: "), data...)); err != nil {
		return 1
	}
	return 0
}
