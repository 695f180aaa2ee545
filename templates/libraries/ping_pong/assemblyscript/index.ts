import { Event } from "sdk/event";

// One module, several handlers: each function that uses this library names the one it runs (execution.call).
function reply(e: Event, text: string): u32 {
  let httpEvent = e.http();
  if (!httpEvent.ok) { return 1; }
  let resp = httpEvent.unwrap().write(text);
  if (resp.err) { return 1; }
  return 0;
}

export function ping(e: Event): u32 {
  return reply(e, "PONG");
}

export function pong(e: Event): u32 {
  return reply(e, "PING");
}
