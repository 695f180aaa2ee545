import "./env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return } from "./return";
import { U32 } from "./helpers";
import { HttpEvent } from "./http";
import { PubsubEvent } from "./pubsub";
import { P2PEvent } from "./p2p";
import { EventType } from "./event/type";

export { HttpEvent } from "./http";
export { PubsubEvent } from "./pubsub";
export { P2PEvent } from "./p2p";
export { Return } from "./return";
export { EventType, enumEventType } from "./event/type";

@external("taubyte/sdk", "getEventType")
declare function getEventType(eventId: u32, typePtr: usize): void;

export const EVENT_TYPE_UNDEFINED: u32 = 0;
export const EVENT_TYPE_HTTP: u32 = 1;
export const EVENT_TYPE_PUBSUB: u32 = 2;
export const EVENT_TYPE_P2P: u32 = 3;

/**
 * The event an exported handler receives. The host passes a raw u32 event id (not an object pointer), so
 * `Event` is an unmanaged class whose "pointer" *is* that id: `export function ping(e: Event): u32` has the
 * ABI `(i32) -> i32` and reads like the real taubyte template. It has no fields, and `new Event(id)` (the
 * published SDK's spelling, for handlers declared `(e: u32): u32`) returns the id as an Event, allocating nothing.
 */
@final @unmanaged
export class Event {
  constructor(e: u32) { return changetype<Event>(<usize>e); }

  /** Wraps an id received as a plain u32 (same as `new Event(id)`). */
  static from(id: u32): Event { return changetype<Event>(<usize>id); }

  get id(): u32 { return <u32>changetype<usize>(this); }
  /** The published SDK's name for the id. */
  get eventNum(): u32 { return this.id; }

  toString(): string { return this.id.toString(); }

  type(): EventType {
    let t = new U32();
    getEventType(this.id, t.ptr);
    return new EventType(t.load());
  }

  /** The HTTP view of this event, or an error when the event is of another type. */
  http(): Return<HttpEvent> {
    let t = this.type();
    if (!t.isHttp()) return new Return<HttpEvent>(new HttpEvent(this.id), "not an http event (" + t.toString() + ")");
    return new Return<HttpEvent>(new HttpEvent(this.id));
  }

  /** The pub/sub view of this event (a `pubsub`-triggered call), or an error for another type. */
  pubsub(): Return<PubsubEvent> {
    let t = this.type();
    if (!t.isPubsub()) return new Return<PubsubEvent>(new PubsubEvent(this.id), "not a pubsub event (" + t.toString() + ")");
    return new Return<PubsubEvent>(new PubsubEvent(this.id));
  }

  /** The p2p view of this event (a `p2p`-triggered call), or an error for another type. */
  p2p(): Return<P2PEvent> {
    let t = this.type();
    if (!t.isP2P()) return new Return<P2PEvent>(new P2PEvent(this.id), "not a p2p event (" + t.toString() + ")");
    return new Return<P2PEvent>(new P2PEvent(this.id));
  }
}
