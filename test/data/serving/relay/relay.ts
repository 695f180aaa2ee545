import { Event } from "sdk/event";
import { publish } from "sdk/pubsub";

// Runs for each message of its channel: publishes "<channel>: <message>" to the channel `relayed`.
export function relay(e: Event): u32 {
  let m = e.pubsub();
  if (!m.ok) return 1;
  let msg = m.unwrap();
  return publish("relayed", msg.channel() + ": " + msg.dataString());
}
