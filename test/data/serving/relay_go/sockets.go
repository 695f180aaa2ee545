package main

import (
	"github.com/taubyte/go-sdk/event"
	pubsub "github.com/taubyte/go-sdk/pubsub/node"
)

// sockets answers the websocket URL of the query's `channel` (go-sdk `WebSocket().Url()`), or with `subscribe=1`
// subscribes to it, answering "subscribed"; or the SDK's error.
//
//export sockets
func sockets(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	name, _ := h.Query().Get("channel")
	subscribe, _ := h.Query().Get("subscribe")
	out, err := answer(name, subscribe == "1")
	if err != nil {
		out = "error: " + err.Error()
	}
	h.Write([]byte(out))
	return 0
}

func answer(name string, subscribe bool) (string, error) {
	channel, err := pubsub.Channel(name)
	if err != nil {
		return "", err
	}
	if subscribe {
		return "subscribed", channel.Subscribe()
	}
	u, err := channel.WebSocket().Url()
	return u.Path, err
}
