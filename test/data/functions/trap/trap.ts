import { Event } from "sdk/event";

// Aborts with a message when asked (?how=abort, the default), else hits `unreachable`.
export function trap(e: Event): u32 {
  let h = e.http().unwrap();
  if (h.query("how") == "unreachable") unreachable();
  abort("trap requested by " + h.path());
  return 0;
}
