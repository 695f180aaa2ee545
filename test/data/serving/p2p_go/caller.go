package main

import (
	"strings"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/taubyte/go-sdk/event"
	"github.com/taubyte/go-sdk/p2p/node"
)

// caller sends the query's `data` as command `cmd` on protocol `protocol` (both from the query) through go-sdk's
// p2p client and answers with the response, or with the SDK's error. With `to`, it sends to that peer (a CID
// string; `to=each` sends to every peer Discover finds, answering one line each); with `listen=1` it answers the
// protocol name Listen gives instead; with `discover=1`, the peers Discover finds.
//
//export caller
func caller(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	q := func(name string) string {
		v, _ := h.Query().Get(name)
		return v
	}
	out, err := run(q)
	if err != nil {
		h.Write([]byte("error: " + err.Error()))
		return 0
	}
	h.Write([]byte(out))
	return 0
}

func run(q func(string) string) (string, error) {
	service := node.New(q("protocol"))
	if q("listen") == "1" {
		return service.Listen()
	}
	if q("discover") == "1" || q("to") == "each" {
		peers, err := node.Discover(10, time.Second)
		if err != nil || q("discover") == "1" {
			names := []string{}
			for _, p := range peers {
				names = append(names, p.String())
			}
			return strings.Join(names, ","), err
		}
		command, err := service.Command(q("cmd"))
		if err != nil {
			return "", err
		}
		lines := []string{}
		for _, p := range peers {
			response, err := command.SendTo([]byte(q("data")), p)
			if err != nil {
				return "", err
			}
			lines = append(lines, string(response))
		}
		return strings.Join(lines, "\n"), nil
	}
	command, err := service.Command(q("cmd"))
	if err != nil {
		return "", err
	}
	if to := q("to"); to != "" {
		peer, err := cid.Decode(to)
		if err != nil {
			return "", err
		}
		response, err := command.SendTo([]byte(q("data")), peer)
		return string(response), err
	}
	response, err := command.Send([]byte(q("data")))
	return string(response), err
}
