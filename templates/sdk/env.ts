// The `env` host functions tau provides (only `_log`, `_ready`, `_sleep`), plus the abort handler the
// builder installs with `--use abort=~lib/sdk/env/sdkAbort`, so modules never import `env.abort`.
@external("env", "_log")
export declare function _log(ptr: usize, len: u32): void;

/** Logs "abort: <message> at <file>:<line>:<col>" through env._log (the host attaches it to the trap), then traps. */
export function sdkAbort(message: string | null = null, fileName: string | null = null, line: u32 = 0, column: u32 = 0): void {
  let text = "abort: " + (message !== null ? message : "(no message)");
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  let buf = String.UTF8.encode(text);
  _log(changetype<usize>(buf), <u32>buf.byteLength);
  unreachable();
}
