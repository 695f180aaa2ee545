package main

import (
	"strings"

	"github.com/taubyte/go-sdk/database"
	"github.com/taubyte/go-sdk/event"
	httpEvent "github.com/taubyte/go-sdk/http/event"
)

// godb runs one database operation from the query (?db=&op=put|get|delete|list&key=&value=&prefix=) through
// go-sdk's database package and answers its result, or 500 with the SDK's error.
//
//export godb
func godb(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	q := func(name string) string {
		v, _ := h.Query().Get(name)
		return v
	}

	db, err := database.New(q("db"))
	if err != nil {
		return fail(h, err)
	}
	defer db.Close()

	out := "ok"
	switch q("op") {
	case "put":
		err = db.Put(q("key"), []byte(q("value")))
	case "get":
		var v []byte
		v, err = db.Get(q("key"))
		out = string(v)
	case "delete":
		err = db.Delete(q("key"))
	case "list":
		var keys []string
		keys, err = db.List(q("prefix"))
		out = strings.Join(keys, ",")
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
