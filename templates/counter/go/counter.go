package main

import (
	"strconv"

	"github.com/taubyte/go-sdk/database"
	"github.com/taubyte/go-sdk/event"
	httpEvent "github.com/taubyte/go-sdk/http/event"
)

// counter adds one to the key "count" of the database "counter" and answers the new count.
//
//export counter
func counter(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}

	db, err := database.New("counter")
	if err != nil {
		return fail(h, err)
	}

	count := 0
	if value, err := db.Get("count"); err == nil {
		count, _ = strconv.Atoi(string(value))
	}
	count++

	if err = db.Put("count", []byte(strconv.Itoa(count))); err != nil {
		return fail(h, err)
	}

	if _, err = h.Write([]byte(strconv.Itoa(count))); err != nil {
		return 1
	}

	return 0
}

// fail answers 500 with the SDK's error.
func fail(h httpEvent.Event, err error) uint32 {
	h.Return(500)
	h.Write([]byte(err.Error()))
	return 1
}
