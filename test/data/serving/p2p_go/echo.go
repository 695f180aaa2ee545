package main

import (
	"fmt"

	"github.com/taubyte/go-sdk/event"
)

// echo runs for a p2p command and answers with the protocol, the command and the data it read, which it also
// logs (so that a test sees which substrate ran it). For the data `who` it answers who called and where it runs:
// "from <peer cid> to <peer cid>".
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
	if string(data) == "who" {
		from, err := p.From()
		if err != nil {
			return 1
		}
		to, err := p.To()
		if err != nil {
			return 1
		}
		return write(p, "from "+from.String()+" to "+to.String())
	}
	fmt.Println("echo " + string(data))
	return write(p, protocol+" "+command+": "+string(data))
}

func write(p interface{ Write([]byte) error }, answer string) uint32 {
	if p.Write([]byte(answer)) != nil {
		return 1
	}
	return 0
}
