package main

import (
	"io"
	"sort"
	"strings"

	"github.com/taubyte/go-sdk/event"
	"github.com/taubyte/go-sdk/http/client"
	httpEvent "github.com/taubyte/go-sdk/http/event"
	"github.com/taubyte/go-sdk/self"
)

// gohttp answers, for ?op=self, the function's own id, project, application, commit and branch from go-sdk's
// self package; otherwise it makes the request ?url=&method=&body=&header=Name:value through go-sdk's http/client
// and answers the response's X-Reply values, its header keys and its body, or 500 with the SDK's error.
//
//export gohttp
func gohttp(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	q := func(name string) string {
		v, _ := h.Query().Get(name)
		return v
	}
	if q("op") == "self" {
		var parts []string
		for _, get := range []func() (string, error){self.Function, self.Project, self.Application, self.Commit, self.Branch} {
			v, err := get()
			if err != nil {
				return fail(h, err)
			}
			parts = append(parts, v)
		}
		h.Write([]byte(strings.Join(parts, ",")))
		return 0
	}

	c, err := client.New()
	if err != nil {
		return fail(h, err)
	}
	options := []client.HttpRequestOption{client.Method(q("method"))}
	if b := q("body"); b != "" {
		options = append(options, client.Body([]byte(b)))
	}
	if hd := q("header"); hd != "" {
		kv := strings.SplitN(hd, ":", 2)
		options = append(options, client.Headers(map[string][]string{kv[0]: {kv[1]}}))
	}
	req, err := c.Request(q("url"), options...)
	if err != nil {
		return fail(h, err)
	}
	resp, err := req.Do()
	if err != nil {
		return fail(h, err)
	}
	reply, err := resp.Headers().Get("X-Reply")
	if err != nil {
		return fail(h, err)
	}
	keys, err := resp.Headers().List()
	if err != nil {
		return fail(h, err)
	}
	sort.Strings(keys)
	body, err := io.ReadAll(resp.Body())
	if err != nil {
		return fail(h, err)
	}
	resp.Body().Close()
	h.Write([]byte("reply=" + strings.Join(reply, "|") + ";keys=" + strings.Join(keys, ",") + ";body=" + string(body)))
	return 0
}

func fail(h httpEvent.Event, err error) uint32 {
	h.Return(500)
	h.Write([]byte(err.Error()))
	return 1
}
