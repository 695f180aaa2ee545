import { Event } from "sdk/event";

export function ping(e: Event): u32 {
  let httpEvent = e.http(;
  return 0;
}
