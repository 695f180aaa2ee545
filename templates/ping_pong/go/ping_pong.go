package main

import (
	"github.com/taubyte/go-sdk/event"
)

// ping answers an HTTP call with PONG. The host calls it with the event's id; 0 means handled.
//
//export ping
func ping(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}

	if _, err = h.Write([]byte("PONG")); err != nil {
		return 1
	}

	return 0
}
