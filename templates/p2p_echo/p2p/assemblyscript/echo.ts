import { Event } from "sdk/event";

// echo runs for the p2p command "echo" and answers "echo: " followed by the data it was sent.
export function echo(e: Event): u32 {
  let r = e.p2p();
  if (!r.ok) { return 1; }
  let p = r.unwrap();
  let data = p.dataString();
  if (!data.ok) { return 1; }
  if (!p.writeString("echo: " + data.unwrap()).ok) { return 1; }
  return 0;
}
