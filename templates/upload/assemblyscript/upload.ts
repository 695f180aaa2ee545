import { Event } from "sdk/event";
import { Storage } from "sdk/storage";

// upload stores the request body as a new version of the file ?name= (default "upload") in the storage
// "uploads", then answers the file's latest version read back from the storage. A request without a body
// only reads: 404 when there is no such file.
export function upload(e: Event): u32 {
  let r = e.http();
  if (!r.ok) { return 1; }
  let h = r.unwrap();
  let name = h.query("name");
  if (name == "") { name = "upload"; }

  let st = Storage.new("uploads");
  if (!st.ok) { h.status(500); h.write(st.err); return 1; }
  let file = st.unwrap().file(name);
  let body = h.body();
  if (body.length > 0) {
    let added = file.add(body);
    if (!added.ok) { h.status(500); h.write(added.err); return 1; }
  }

  let data = file.read();
  if (!data.ok) { h.status(404); h.write(data.err); return 1; }
  h.setHeader("Content-Type", "application/octet-stream");
  h.write(data.unwrap());
  return 0;
}
