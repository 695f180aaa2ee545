// Handlers for tests of the taubyte/sdk host functions and of the runtime's limits with a Go module. Written as
// for Taubyte's TinyGo builds (//export), which the builder adapts for standard Go.
package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/taubyte/go-sdk/event"
)

//export http
func http(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	method, _ := h.Method()
	host, _ := h.Host()
	path, _ := h.Path()
	ua, _ := h.UserAgent()
	n, _ := h.Query().Get("n")
	token, _ := h.Headers().Get("X-Token")
	keys, _ := h.Query().List()
	body, err := io.ReadAll(h.Body())
	if err != nil {
		return 1
	}
	h.Body().Close()
	h.Headers().Set("X-Answer", "42")
	h.Return(201)
	fmt.Fprintf(h, "method=%s host=%s path=%s ua=%s n=%s token=%s keys=%s body=%s",
		method, host, path, ua, n, token, strings.Join(keys, ","), body)
	return 0
}

//export redirect
func redirect(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	if h.Redirect("https://example.com/moved").Temporary() != nil {
		return 1
	}
	return 0
}

//export logs
func logs(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	fmt.Println("hello from go")
	h.Write([]byte("OK"))
	return 0
}

//export sleeps
func sleeps(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	// long enough that the timer is still pending when the scheduler waits, even on a loaded machine
	time.Sleep(250 * time.Millisecond)
	h.Write([]byte("slept"))
	return 0
}

//export panics
func panics(e event.Event) uint32 {
	panic("boom")
}

//export loop
func loop(e event.Event) uint32 {
	for {
	}
}

var kept [][]byte

//export hog
func hog(e event.Event) uint32 {
	for {
		kept = append(kept, make([]byte, 1<<20))
	}
}
