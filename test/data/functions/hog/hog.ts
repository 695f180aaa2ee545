import { Event } from "sdk/event";

// Keeps 1 MiB chunks alive until linear memory hits its cap.
let keep = new Array<Uint8Array>();
export function hog(e: Event): u32 {
  for (let i = 0; i < 1024; i++) keep.push(new Uint8Array(1 << 20));
  e.http().unwrap().write("unreachable: 1 GiB fitted");
  return 0;
}
