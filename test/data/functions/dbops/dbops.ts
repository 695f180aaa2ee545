import { Event } from "sdk/event";
import { Database } from "sdk/database";

// Database operations from the query: ?db=<name>&op=put|get|delete|list&key=&value=&prefix=
// Answers the result, or 500 with the SDK's error. ?op=none answers "none" without opening a database (the
// same function's cost without a database call, for the benchmark).
export function dbops(e: Event): u32 {
  let h = e.http().unwrap();
  if (h.query("op") == "none") { h.write("none"); return 0; }
  let opened = Database.new(h.query("db"));
  if (!opened.ok) { h.status(500); h.write(opened.err); return 1; }
  let db = opened.unwrap();
  let op = h.query("op");
  let err = "";
  let out = "";
  if (op == "put") {
    let r = db.putString(h.query("key"), h.query("value"));
    if (r.ok) out = "ok"; else err = r.err;
  } else if (op == "get") {
    let r = db.getString(h.query("key"));
    if (r.ok) out = r.unwrap(); else err = r.err;
  } else if (op == "delete") {
    let r = db.delete(h.query("key"));
    if (r.ok) out = "ok"; else err = r.err;
  } else if (op == "list") {
    let r = db.list(h.query("prefix"));
    if (r.ok) out = r.unwrap().join(","); else err = r.err;
  } else {
    err = "unknown op " + op;
  }
  db.close();
  if (err.length > 0) { h.status(500); h.write(err); return 1; }
  h.write(out);
  return 0;
}
