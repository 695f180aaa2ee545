import { U32, Utf8 } from "./helpers";

// Pub/sub host functions (tau `taubyte/sdk`). A publish does not wait for delivery: the host takes the message and
// answers at once; a channel no messaging resource of the function's project has drops it (logged by the host).
@external("taubyte/sdk", "publishToChannel")
declare function publishToChannel(channel: usize, channelLen: u32, body: usize, bodyLen: u32): u32;

@external("taubyte/sdk", "getWebSocketURLSize")
declare function getWebSocketURLSize(channel: usize, channelLen: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getWebSocketURL")
declare function getWebSocketURL(channel: usize, channelLen: u32, urlPtr: usize): u32;

/**
 * The websocket URL of `channel` of this function's project, relative to the substrate (`ws-<hash>/<channel>`), as
 * tau's SDK gives it; "" on an error. A browser opens `ws://<substrate host>/` followed by it.
 */
export function webSocketURL(channel: string): string {
  let c = new Utf8(channel);
  let size = new U32();
  if (getWebSocketURLSize(c.ptr, c.len, size.ptr) != 0) return "";
  let buf = new ArrayBuffer(<i32>size.load());
  if (getWebSocketURL(c.ptr, c.len, changetype<usize>(buf)) != 0) return "";
  return String.UTF8.decode(buf);
}

/** Publishes `data` to `channel` of this function's project; returns an errno (0: taken). */
export function publishBytes(channel: string, data: Uint8Array): u32 {
  let c = new Utf8(channel);
  return publishToChannel(c.ptr, c.len, data.dataStart, <u32>data.byteLength);
}

/** Publishes the UTF-8 of `text` to `channel`; returns an errno (0: taken). */
export function publish(channel: string, text: string): u32 {
  let c = new Utf8(channel);
  let b = new Utf8(text);
  return publishToChannel(c.ptr, c.len, b.ptr, b.len);
}

@external("taubyte/sdk", "getMessageDataSize") declare function getMessageDataSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getMessageData") declare function getMessageData(id: u32, buf: usize): u32;
@external("taubyte/sdk", "getMessageChannelSize") declare function getMessageChannelSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getMessageChannel") declare function getMessageChannel(id: u32, buf: usize): u32;

/** A message a `pubsub`-triggered function runs for (`Event.pubsub()`). */
export class PubsubEvent {
  constructor(public id: u32) {}

  /** The message's bytes (empty on an error). */
  data(): Uint8Array {
    let size = new U32();
    if (getMessageDataSize(this.id, size.ptr) != 0) return new Uint8Array(0);
    let out = new Uint8Array(<i32>size.load());
    if (out.length > 0 && getMessageData(this.id, out.dataStart) != 0) return new Uint8Array(0);
    return out;
  }

  /** The message's bytes as UTF-8 text. */
  dataString(): string {
    let d = this.data();
    return String.UTF8.decodeUnsafe(d.dataStart, <usize>d.length);
  }

  /** The channel the message came on. */
  channel(): string {
    let size = new U32();
    if (getMessageChannelSize(this.id, size.ptr) != 0) return "";
    let buf = new ArrayBuffer(<i32>size.load());
    if (buf.byteLength > 0 && getMessageChannel(this.id, changetype<usize>(buf)) != 0) return "";
    return String.UTF8.decode(buf);
  }
}
