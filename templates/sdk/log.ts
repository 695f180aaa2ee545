import "./env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { _log } from "./env";

/** Writes one log line to the host (collected in the invocation's logs). */
export function log(msg: string): void {
  let buf = String.UTF8.encode(msg);
  _log(changetype<usize>(buf), <u32>buf.byteLength);
}
