import { Event } from "sdk/event";

// Writes ?kib= KiB of "x", 1 KiB per write, whatever each write answers: a function that ignores write errors.
export function flood(e: Event): u32 {
  let h = e.http().unwrap();
  let kib = <i32>parseInt(h.query("kib"));
  let chunk = new Uint8Array(1024).fill(120);
  for (let i = 0; i < kib; i++) h.write(chunk);
  return 0;
}
