import { Event } from "sdk/event";
import { log } from "sdk/log";

export function logger(e: Event): u32 {
  let h = e.http().unwrap();
  log("hello from logger");
  log("path=" + h.path());
  h.write("OK");
  return 0;
}
