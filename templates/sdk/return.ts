import "./env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
// A value or an error, as the taubyte AssemblyScript SDK returns them (`.err` is "" when there is none).
export class Return<T> {
  private _: T;
  err: string;

  constructor(value: T, err: string | null = null) {
    this._ = value;
    this.err = err !== null ? err : "";
  }

  get ok(): bool { return this.err.length == 0; }

  /** The value; aborts (a trap with the message) when there is an error, like the real SDK's throw. */
  unwrap(): T {
    if (this.err.length) abort("Unchecked error: " + this.err);
    return this._;
  }
}

/** Bytes, or their error, as UTF-8 text. */
export function textOf(r: Return<Uint8Array>): Return<string> {
  if (!r.ok) return new Return<string>("", r.err);
  let d = r.unwrap();
  return new Return<string>(String.UTF8.decodeUnsafe(d.dataStart, <usize>d.length), null);
}
