import { Event } from "sdk/event";
import { Scope, getString, getU32, putString, putU32 } from "sdk/globals";

// One sdk/globals operation from the query: ?op=get|put|getu32|putu32&name=&value=&scope=app|fn. Answers `[value]`,
// the number, or `ok`; 500 with the SDK's error.
export function asglobals(e: Event): u32 {
  let h = e.http().unwrap();
  let op = h.query("op");
  let name = h.query("name");
  let scope = new Scope(h.query("scope") == "app", h.query("scope") == "fn");
  let err = "";
  let out = "";
  if (op == "get") {
    let r = getString(name, scope);
    if (r.ok) out = "[" + r.unwrap() + "]"; else err = r.err;
  } else if (op == "put") {
    let r = putString(name, h.query("value"), scope);
    if (r.ok) out = "ok"; else err = r.err;
  } else if (op == "getu32") {
    let r = getU32(name, scope);
    if (r.ok) out = r.unwrap().toString(); else err = r.err;
  } else if (op == "putu32") {
    let r = putU32(name, <u32>parseInt(h.query("value")), scope);
    if (r.ok) out = "ok"; else err = r.err;
  } else {
    err = "unknown op " + op;
  }
  if (err.length > 0) { h.status(500); h.write(err); return 1; }
  h.write(out);
  return 0;
}
