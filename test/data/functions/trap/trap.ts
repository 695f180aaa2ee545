import { Event } from "sdk/event";

// Aborts with a message when asked (?how=abort, the default), hits `unreachable` with ?how=unreachable, or
// reads past the end of an array with ?how=index (the trap's own line is then this file's line 13).
export function trap(e: Event): u32 {
  let h = e.http().unwrap();
  let how = h.query("how");
  if (how == "unreachable") unreachable();
  if (how == "index") {
    let a = new Array<u32>(2);
    let i = h.path().length;
    a[0] = 1;
    return a[i + 2];
  }
  abort("trap requested by " + h.path());
  return 0;
}
