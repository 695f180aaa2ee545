import { Event } from "sdk/event";
import { Command } from "sdk/p2p";

// p2p_echo sends the request body as the command "echo" on the protocol /p2p_echo/v1 (the service p2p_echo)
// through the SDK's p2p client and answers with what the p2p function serving it wrote back.
export function p2p_echo(e: Event): u32 {
  let r = e.http();
  if (!r.ok) { return 1; }
  let h = r.unwrap();

  let command = Command.new("/p2p_echo/v1", "echo");
  if (!command.ok) { h.status(502); h.write(command.err); return 1; }
  let response = command.unwrap().send(h.body());
  if (!response.ok) { h.status(502); h.write(response.err); return 1; }
  h.write(response.unwrap());
  return 0;
}
