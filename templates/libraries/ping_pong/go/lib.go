package main

import (
	"github.com/taubyte/go-sdk/event"
)

// One module, several handlers: each function that uses this library names the one it runs (execution.call).
func reply(e event.Event, text string) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}

	if _, err = h.Write([]byte(text)); err != nil {
		return 1
	}

	return 0
}

//export ping
func ping(e event.Event) uint32 {
	return reply(e, "PONG")
}

//export pong
func pong(e event.Event) uint32 {
	return reply(e, "PING")
}
