package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/taubyte/go-sdk/event"
	httpEvent "github.com/taubyte/go-sdk/http/event"
	"github.com/taubyte/go-sdk/storage"
)

// gostorage runs one storage operation from the query through go-sdk's storage package
// (?st=&op=add|get|versions|list|delete|deleteall|current|remaining&file=&data=&version=&overwrite=1)
// and answers its result, or 500 with the SDK's error.
//
//export gostorage
func gostorage(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	q := func(name string) string {
		v, _ := h.Query().Get(name)
		return v
	}

	var st storage.Storage
	if q("open") == "get" {
		st, err = storage.Get(q("st"))
	} else {
		st, err = storage.New(q("st"))
	}
	if err != nil {
		return fail(h, err)
	}

	version, _ := strconv.Atoi(q("version"))
	file := st.File(q("file"))
	out := "ok"
	switch q("op") {
	case "add":
		var v int
		v, err = file.Add([]byte(q("data")), q("overwrite") == "1")
		out = strconv.Itoa(v)
	case "get":
		var f *storage.StorageFile
		f, err = file.Version(uint32(version)).GetFile()
		if err == nil {
			var data []byte
			data, err = io.ReadAll(f)
			f.Close()
			out = string(data)
		}
	case "versions":
		var vs []string
		vs, err = file.Versions()
		out = strings.Join(vs, ",")
	case "list":
		var files []storage.File
		files, err = st.ListFiles()
		names := []string{}
		for _, f := range files {
			names = append(names, fmt.Sprintf("%v", f))
		}
		out = strings.Join(names, ",")
	case "delete":
		err = file.Version(uint32(version)).Delete()
	case "deleteall":
		err = file.DeleteAllVersions()
	case "current":
		var v int
		v, err = file.CurrentVersion()
		out = strconv.Itoa(v)
	case "remaining":
		var n int
		n, err = st.RemainingCapacity()
		out = strconv.Itoa(n)
	}
	if err != nil {
		return fail(h, err)
	}

	h.Write([]byte(out))
	return 0
}

func fail(h httpEvent.Event, err error) uint32 {
	h.Return(500)
	h.Write([]byte(err.Error()))
	return 1
}
