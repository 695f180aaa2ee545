import { Event } from "sdk/event";

// Spins ?n= million iterations, then writes how many: a call that runs long but ends.
let sink: u64 = 0;
export function spin(e: Event): u32 {
  let h = e.http().unwrap();
  const n = I64.parseInt(h.query("n")) * 1000000;
  for (let i: i64 = 0; i < n; i++) { sink += <u64>i ^ sink; }
  h.write(n.toString() + " " + sink.toString());
  return 0;
}
