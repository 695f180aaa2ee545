import { Event } from "sdk/event";

// Never returns: the host must time it out without blocking its own event loop.
let spins: u64 = 0;
export function loop(e: Event): u32 {
  while (true) { spins++; }
  return 0;
}
