import { Event } from "sdk/event";
import { HttpClient } from "sdk/http-client";

// Makes the request ?url=&method=&body=&header=Name:value through sdk/http-client and answers the response's
// X-Reply values, its header keys (sorted) and its body, or 500 with the SDK's error (gohttp's answer).
export function ashttp(e: Event): u32 {
  let h = e.http().unwrap();
  let c = HttpClient.new();
  if (!c.ok) { h.status(500); h.write(c.err); return 1; }
  let r = c.unwrap().request(h.query("url"));
  if (!r.ok) { h.status(500); h.write(r.err); return 1; }
  let req = r.unwrap();
  let m = req.setMethod(h.query("method"));
  if (!m.ok) { h.status(500); h.write(m.err); return 1; }
  let body = h.query("body");
  if (body != "") req.setBodyString(body);
  let header = h.query("header");
  let colon = header.indexOf(":");
  if (colon > 0) req.setHeader(header.slice(0, colon), [header.slice(colon + 1)]);
  let res = req.do();
  if (!res.ok) { h.status(500); h.write(res.err); return 1; }
  let reply = res.unwrap().headers("X-Reply");
  let keys = res.unwrap().headerKeys();
  let text = res.unwrap().bodyString();
  if (!reply.ok || !keys.ok || !text.ok) { h.status(500); h.write(reply.err + keys.err + text.err); return 1; }
  let sorted = keys.unwrap().sort();
  h.write("reply=" + reply.unwrap().join("|") + ";keys=" + sorted.join(",") + ";body=" + text.unwrap());
  return 0;
}
