package main

import (
	"github.com/taubyte/go-sdk/event"
	pubsub "github.com/taubyte/go-sdk/pubsub/node"
)

// relay runs for each message of its channel and publishes "go <channel>: <message>" to the channel `relayed`.
//
//export relay
func relay(e event.Event) uint32 {
	m, err := e.PubSub()
	if err != nil {
		return 1
	}
	data, err := m.Data()
	if err != nil {
		return 1
	}
	channel, err := m.Channel()
	if err != nil {
		return 1
	}
	out, err := pubsub.Channel("relayed")
	if err != nil {
		return 1
	}
	if err = out.Publish([]byte("go " + channel.Name() + ": " + string(data))); err != nil {
		return 1
	}
	return 0
}
