import { Event } from "sdk/event";

// Allocates ?mb= MiB (kept alive until the call returns) and says so: fits or not depending on execution.memory.
export function alloc(e: Event): u32 {
  let h = e.http().unwrap();
  let mb = <i32>parseInt(h.query("mb"));
  let keep = new Array<Uint8Array>();
  for (let i = 0; i < mb; i++) keep.push(new Uint8Array(1 << 20));
  h.write("allocated " + keep.length.toString() + " MiB");
  return 0;
}
