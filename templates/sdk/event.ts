import "./env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return } from "./return";
import { U32 } from "./helpers";
import { HttpEvent } from "./http";

export { HttpEvent } from "./http";
export { Return } from "./return";

@external("taubyte/sdk", "getEventType")
declare function getEventType(eventId: u32, typePtr: usize): void;

export const EVENT_TYPE_UNDEFINED: u32 = 0;
export const EVENT_TYPE_HTTP: u32 = 1;
export const EVENT_TYPE_PUBSUB: u32 = 2;
export const EVENT_TYPE_P2P: u32 = 3;

/**
 * The event an exported handler receives. The host passes a raw u32 event id (not an object pointer), so
 * `Event` is an unmanaged class whose "pointer" *is* that id: `export function ping(e: Event): u32` has the
 * ABI `(i32) -> i32` and reads like the real taubyte template. It has no fields; never `new` it.
 */
@unmanaged
export class Event {
  /** Wraps an id received as a plain u32 (for handlers declared as `(e: u32): u32`). */
  static from(id: u32): Event { return changetype<Event>(<usize>id); }

  get id(): u32 { return <u32>changetype<usize>(this); }

  type(): u32 {
    let t = new U32();
    getEventType(this.id, t.ptr);
    return t.load();
  }

  /** The HTTP view of this event, or an error when the event is of another type. */
  http(): Return<HttpEvent> {
    let t = this.type();
    if (t != EVENT_TYPE_HTTP) return new Return<HttpEvent>(new HttpEvent(this.id), "event is not http (type " + t.toString() + ")");
    return new Return<HttpEvent>(new HttpEvent(this.id));
  }
}
