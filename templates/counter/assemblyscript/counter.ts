import { Event } from "sdk/event";
import { Database } from "sdk/database";

// counter adds one to the key "count" of the database "counter" and answers the new count.
export function counter(e: Event): u32 {
  let r = e.http();
  if (!r.ok) { return 1; }
  let h = r.unwrap();

  let db = Database.new("counter");
  if (!db.ok) { h.status(500); h.write(db.err); return 1; }

  let count: i32 = 0;
  let value = db.unwrap().getString("count");
  if (value.ok) { count = I32.parseInt(value.unwrap()); }
  count++;

  let put = db.unwrap().putString("count", count.toString());
  if (!put.ok) { h.status(500); h.write(put.err); return 1; }

  h.write(count.toString());
  return 0;
}
