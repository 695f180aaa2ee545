import { Event } from "sdk/event";
import { publish, webSocketURL } from "sdk/pubsub";

// With `url`: answers the websocket URL of that channel. Otherwise publishes the query's `text` to its `channel`,
// `count` times (default once), and answers the last errno.
export function publisher(e: Event): u32 {
  let h = e.http().unwrap();
  if (h.query("url") != "") {
    h.write(webSocketURL(h.query("url")));
    return 0;
  }
  let count = h.query("count") == "" ? 1 : I32.parseInt(h.query("count"));
  let err: u32 = 0;
  for (let i = 0; i < count; i++) err = publish(h.query("channel"), h.query("text"));
  h.write("errno " + err.toString());
  return 0;
}
