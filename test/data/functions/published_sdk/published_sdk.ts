// Written against the published taubyte AssemblyScript SDK's API and module paths.
import { Event } from "sdk/event";
import { EventType } from "sdk/event/type";
import { HttpEvent } from "sdk/event/http";
import { StringHelper, U32 } from "sdk/helpers";
import { errorString } from "sdk/errno";
import { Return } from "sdk/return";

export function published(e: u32): u32 {
  let event = new Event(e);
  let t: EventType = event.type();
  if (!t.isHttp() || t.isPubsub() || t.isP2P()) return 1;
  let r = event.http();
  if (r.err.length) return 1;
  let h: HttpEvent = r.unwrap();
  let s = new StringHelper("héllo");
  let cell = new U32();
  cell.log("cell at " + (cell.send() == cell.ptr ? "ptr" : "elsewhere"));
  let w: Return<number> = h.write("event " + event.toString() + "=" + event.eventNum.toString() + " " + t.toString() +
    " " + h.type().toString() + " len " + s.len().toString() + " " + errorString(2));
  if (w.err.length) return 1;
  return 0;
}

// The template's spelling: the event as the parameter type.
export function typed(e: Event): u32 {
  let w = e.http().unwrap().write(e.type().toString());
  return w.err.length ? 1 : 0;
}
