import { Event } from "sdk/event";

export function ping(e: Event): u32 {
  console.log("hello");
  e.http().unwrap().write("PONG");
  return 0;
}
