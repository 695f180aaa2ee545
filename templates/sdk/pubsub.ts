import { Utf8 } from "./helpers";

// Pub/sub host functions (tau `taubyte/sdk`). A publish does not wait for delivery: the host takes the message and
// answers at once; a channel no messaging resource of the function's project has drops it (logged by the host).
@external("taubyte/sdk", "publishToChannel")
declare function publishToChannel(channel: usize, channelLen: u32, body: usize, bodyLen: u32): u32;

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
