import { Event } from "sdk/event";
import { webSocketURL } from "sdk/pubsub";

// A browser asks GET /chat where the room is, then opens ws://<this host>/<answer>: it receives every message
// the others send on the channel `chat`, and what it sends reaches them.
export function chat(e: Event): u32 {
  let h = e.http();
  if (!h.ok) return 1;
  let url = webSocketURL("chat");
  if (url == "") return 1;
  if (h.unwrap().write(url).err) return 1;
  return 0;
}
