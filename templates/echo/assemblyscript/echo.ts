import { Event } from "sdk/event";

// JSON string literal (quotes, backslashes and control characters escaped). Built from slices of `s` joined once:
// appending to a string copies it, which made a large body quadratic.
function q(s: string): string {
  let parts = new Array<string>();
  parts.push("\"");
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let esc = "";
    if (c == 0x22) esc = "\\\"";
    else if (c == 0x5c) esc = "\\\\";
    else if (c == 0x0a) esc = "\\n";
    else if (c == 0x0d) esc = "\\r";
    else if (c == 0x09) esc = "\\t";
    else if (c < 0x20) esc = "\\u" + c.toString(16).padStart(4, "0");
    else continue;
    if (i > start) parts.push(s.substring(start, i));
    parts.push(esc);
    start = i + 1;
  }
  if (start < s.length) parts.push(s.substring(start));
  parts.push("\"");
  return parts.join("");
}

export function echo(e: Event): u32 {
  let r = e.http();
  if (!r.ok) { return 1; }
  let h = r.unwrap();
  let keys = h.queryKeys();
  let query = "{";
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) query += ",";
    query += q(keys[i]) + ":" + q(h.query(keys[i]));
  }
  query += "}";
  let head = "{\"method\":" + q(h.method()) + ",\"path\":" + q(h.path()) + ",\"query\":" + query + ",\"body\":";
  h.addHeader("Content-Type", "application/json");
  // Three writes, so the (possibly large) body is not copied once more into one string.
  if (!h.write(head).ok) { return 1; }
  if (!h.write(q(h.bodyString())).ok) { return 1; }
  if (!h.write("}").ok) { return 1; }
  return 0;
}
