package main

import (
	"github.com/taubyte/go-sdk/event"
	pubsub "github.com/taubyte/go-sdk/pubsub/node"
)

// chat tells a browser where the room is: it then opens ws://<this host>/<answer>, receives every message the
// others send on the channel `chat`, and what it sends reaches them.
//
//export chat
func chat(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	channel, err := pubsub.Channel("chat")
	if err != nil {
		return 1
	}
	url, err := channel.WebSocket().Url()
	if err != nil {
		return 1
	}
	if _, err = h.Write([]byte(url.Path)); err != nil {
		return 1
	}
	return 0
}
