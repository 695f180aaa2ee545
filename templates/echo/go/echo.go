package main

import (
	"encoding/json"
	"io"

	"github.com/taubyte/go-sdk/event"
)

type request struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query"`
	Body   string            `json:"body"`
}

// echo answers with the request's method, path, query and body as JSON.
//
//export echo
func echo(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}

	r := request{Query: map[string]string{}}
	r.Method, _ = h.Method()
	r.Path, _ = h.Path()
	keys, _ := h.Query().List()
	for _, k := range keys {
		r.Query[k], _ = h.Query().Get(k)
	}
	body, err := io.ReadAll(h.Body())
	if err != nil {
		return 1
	}
	r.Body = string(body)

	h.Headers().Set("Content-Type", "application/json")
	if err = json.NewEncoder(h).Encode(r); err != nil {
		return 1
	}

	return 0
}
