package main

import (
	"io"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/ipfs/go-cid"
	"github.com/taubyte/go-sdk/crypto/rand"
	"github.com/taubyte/go-sdk/dns"
	"github.com/taubyte/go-sdk/event"
	"github.com/taubyte/go-sdk/globals/scope"
	"github.com/taubyte/go-sdk/globals/str"
	"github.com/taubyte/go-sdk/i2mv/fifo"
	"github.com/taubyte/go-sdk/i2mv/memview"
	"github.com/taubyte/go-sdk/storage"
)

// goextras runs one go-sdk operation from the query and answers its result, or 500 with the SDK's error:
// ?op=gput|gget|gcreate&name=&value=&scope=app|fn|both (globals/str), ?op=push&data= (a new content pushed,
// answering its cid), ?op=open&cid=&skip=|tail= (a content read back), ?op=add&st=&file=&data= (a storage file
// added), ?op=cid&st=&file= (its cid) and ?op=dns&kind=txt|cname|mx|address&name=&server= (a lookup, with the
// resolver rerouted to `server` when given), ?op=rand (16 random bytes from go-sdk's crypto/rand, in hex) and
// ?op=i2mv&data= (data through a memory view and a fifo).
//
//export goextras
func goextras(e event.Event) uint32 {
	h, err := e.HTTP()
	if err != nil {
		return 1
	}
	q := func(name string) string {
		v, _ := h.Query().Get(name)
		return v
	}
	out := "ok"
	switch q("op") {
	case "gput":
		var v str.String
		v, err = scoped(true, q("name"), q("scope"))
		if err == nil {
			err = v.Set(q("value"))
		}
	case "gget", "gcreate":
		var v str.String
		v, err = scoped(q("op") == "gcreate", q("name"), q("scope"))
		if err == nil {
			out = "[" + v.Value() + "]"
		}
	case "push":
		out, err = push(q("data"))
	case "open":
		out, err = open(q("cid"), q("skip"), q("tail"))
	case "add":
		var st storage.Storage
		st, err = storage.New(q("st"))
		if err == nil {
			_, err = st.File(q("file")).Add([]byte(q("data")), true)
		}
	case "rand":
		b := make([]byte, 16)
		if _, err = io.ReadFull(rand.NewReader(), b); err == nil {
			out = hex.EncodeToString(b)
		}
	case "i2mv":
		out, err = shared(q("data"))
	case "dns":
		out, err = lookup(q("kind"), q("name"), q("server"))
	case "cid":
		var st storage.Storage
		st, err = storage.Get(q("st"))
		if err == nil {
			var c cid.Cid
			c, err = st.Cid(q("file"))
			out = c.String()
		}
	}
	if err != nil {
		h.Return(500)
		h.Write([]byte(err.Error()))
		return 1
	}
	h.Write([]byte(out))
	return 0
}

// push writes data in two parts, reads it back after a seek and pushes it: "<cid> <what was read back>".
func push(data string) (string, error) {
	c, err := storage.Create()
	if err != nil {
		return "", err
	}
	half := len(data) / 2
	for _, part := range []string{data[:half], data[half:]} {
		if part != "" {
			if _, err = c.Write([]byte(part)); err != nil {
				return "", err
			}
		}
	}
	if _, err = c.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	back, err := io.ReadAll(c)
	if err != nil {
		return "", err
	}
	id, err := c.Push()
	if err != nil {
		return "", err
	}
	return id.String() + " " + string(back), nil
}

// scoped gets (or gets or creates) a global string in the query's scope (app, fn, both, or the project's).
func scoped(create bool, name, s string) (str.String, error) {
	get := str.Get
	if create {
		get = str.GetOrCreate
	}
	switch s {
	case "app":
		return get(name, scope.Application)
	case "fn":
		return get(name, scope.Function)
	case "both":
		return get(name, scope.Application, scope.Function)
	}
	return get(name)
}

// open reads a content by cid, from byte `skip` on, or its last `tail` bytes, answering "<cid> <data>".
func open(id, skip, tail string) (string, error) {
	parsed, err := cid.Decode(id)
	if err != nil {
		return "", err
	}
	c, err := storage.Open(parsed)
	if err != nil {
		return "", err
	}
	defer c.Close()
	if n, _ := strconv.Atoi(skip); n > 0 {
		if _, err = c.Seek(int64(n), io.SeekStart); err != nil {
			return "", err
		}
	}
	if n, _ := strconv.Atoi(tail); n > 0 {
		if _, err = c.Seek(int64(-n), io.SeekEnd); err != nil {
			return "", err
		}
	}
	got, err := c.Cid()
	if err != nil {
		return "", err
	}
	data, err := io.ReadAll(c)
	if err != nil {
		return "", err
	}
	return got.String() + " " + string(data), nil
}

// lookup resolves name with go-sdk's dns resolver, answering the records joined by ",".
func lookup(kind, name, server string) (string, error) {
	r, err := dns.NewResolver()
	if err != nil {
		return "", err
	}
	if server != "" {
		if err = r.Reroute(server, "udp"); err != nil {
			return "", err
		}
	}
	var records []string
	switch kind {
	case "txt":
		records, err = r.LookupTXT(name)
	case "address":
		records, err = r.LookupAddress(name)
	case "cname":
		var c string
		c, err = r.LookupCNAME(name)
		records = []string{c}
	case "mx":
		var mx []*dns.MxResp
		mx, err = r.LookupMX(name)
		for _, m := range mx {
			records = append(records, fmt.Sprintf("%s %d", m.Host, m.Pref))
		}
	}
	return strings.Join(records, ","), err
}

// shared passes data through a memory view and then a fifo: "<from the view>|<from the fifo>".
func shared(data string) (string, error) {
	id, _, err := memview.New([]byte(data), true)
	if err != nil {
		return "", err
	}
	view, err := memview.Open(id)
	if err != nil {
		return "", err
	}
	viewed, err := io.ReadAll(view)
	if err != nil {
		return "", err
	}
	fid, w := fifo.New(true)
	if _, err = w.Write(viewed); err != nil {
		return "", err
	}
	r, err := fifo.Open(fid)
	if err != nil {
		return "", err
	}
	queued, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	return string(viewed) + "|" + string(queued), r.Close()
}
