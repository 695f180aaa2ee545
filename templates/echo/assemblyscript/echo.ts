import { Event } from "sdk/event";

// JSON string literal (quotes, backslashes and control characters escaped).
function q(s: string): string {
  let out = "\"";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += String.fromCharCode(c);
  }
  return out + "\"";
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
  let json = "{\"method\":" + q(h.method()) + ",\"path\":" + q(h.path()) + ",\"query\":" + query +
    ",\"body\":" + q(h.bodyString()) + "}";
  h.addHeader("Content-Type", "application/json");
  if (h.write(json).err) { return 1; }
  return 0;
}
