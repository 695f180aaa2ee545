package main

import (
	"io"

	"github.com/taubyte/go-sdk/event"
	httpEvent "github.com/taubyte/go-sdk/http/event"
	"github.com/taubyte/go-sdk/storage"
)

// upload stores the request body as a new version of the file ?name= (default "upload") in the storage
// "uploads", then answers the file's latest version read back from the storage. A request without a body
// only reads: 404 when there is no such file.
//
//export upload
func upload(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	name, _ := h.Query().Get("name")
	if name == "" {
		name = "upload"
	}

	st, err := storage.New("uploads")
	if err != nil {
		return fail(h, 500, err)
	}
	body, err := io.ReadAll(h.Body())
	if err != nil {
		return fail(h, 500, err)
	}
	file := st.File(name)
	if len(body) > 0 {
		if _, err = file.Add(body, false); err != nil {
			return fail(h, 500, err)
		}
	}

	f, err := file.GetFile()
	if err != nil {
		return fail(h, 404, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return fail(h, 500, err)
	}
	h.Headers().Set("Content-Type", "application/octet-stream")
	if _, err = h.Write(data); err != nil {
		return 1
	}
	return 0
}

// fail answers `status` with the SDK's error.
func fail(h httpEvent.Event, status int, err error) uint32 {
	h.Return(status)
	h.Write([]byte(err.Error()))
	return 1
}
