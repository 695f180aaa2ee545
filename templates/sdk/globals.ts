// `sdk/globals`: go-sdk's `globals/str`, `globals/u32` and `globals/u64` for AssemblyScript: values kept for the
// whole project (or, with a scope, for the function's application or the function itself) without a resource.
// The names are stored as go-sdk stores them ("/string/<name>", "/uint32/<name>", "/uint64/<name>", numbers big
// endian), so a Go function and an AssemblyScript function of one project read each other's values.
import "./env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return, textOf } from "./return";
import { errorString } from "./errno";
import { U32, Utf8 } from "./helpers";

@external("taubyte/sdk", "getGlobalValueSize")
declare function getGlobalValueSize(name: usize, nameLen: u32, app: u32, fn: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getOrCreateGlobalValueSize")
declare function getOrCreateGlobalValueSize(name: usize, nameLen: u32, app: u32, fn: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getGlobalValue")
declare function getGlobalValue(name: usize, nameLen: u32, app: u32, fn: u32, valuePtr: usize): u32;
@external("taubyte/sdk", "putGlobalValue")
declare function putGlobalValue(name: usize, nameLen: u32, app: u32, fn: u32, value: usize, len: u32, cap: u32): u32;

/** Where a value lives: the project (default), the function's application, or the function itself (or both). */
export class Scope {
  constructor(public application: bool = false, public fn: bool = false) {}
}

function read(key: string, scope: Scope, create: bool): Return<Uint8Array> {
  let k = new Utf8(key);
  let size = new U32();
  let app: u32 = scope.application ? 1 : 0;
  let fn: u32 = scope.fn ? 1 : 0;
  let err = create
    ? getOrCreateGlobalValueSize(k.ptr, k.len, app, fn, size.ptr)
    : getGlobalValueSize(k.ptr, k.len, app, fn, size.ptr);
  if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), errorString(err));
  let out = new Uint8Array(<i32>size.load());
  if (out.length == 0) return new Return<Uint8Array>(out, null);
  err = getGlobalValue(k.ptr, k.len, app, fn, out.dataStart);
  if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), errorString(err));
  return new Return<Uint8Array>(out, null);
}

function write(key: string, value: Uint8Array, scope: Scope): Return<u32> {
  let k = new Utf8(key);
  let err = putGlobalValue(
    k.ptr, k.len, scope.application ? 1 : 0, scope.fn ? 1 : 0, value.dataStart, <u32>value.length, <u32>value.length
  );
  if (err != 0) return new Return<u32>(err, errorString(err));
  return new Return<u32>(0, null);
}

/** The string `name` (an error, go-sdk's name for it, when it has no value). */
export function getString(name: string, scope: Scope = new Scope()): Return<string> {
  return textOf(read("/string/" + name, scope, false));
}

/** The string `name`, "" (and now stored) when it had no value. */
export function getOrCreateString(name: string, scope: Scope = new Scope()): Return<string> {
  return textOf(read("/string/" + name, scope, true));
}

export function putString(name: string, value: string, scope: Scope = new Scope()): Return<u32> {
  return write("/string/" + name, Uint8Array.wrap(String.UTF8.encode(value)), scope);
}

function bigEndian(r: Return<Uint8Array>, size: i32): Return<u64> {
  if (!r.ok) return new Return<u64>(0, r.err);
  let b = r.unwrap();
  let v: u64 = 0;
  for (let i = 0; i < size && i < b.length; i++) v = (v << 8) | <u64>b[i];
  return new Return<u64>(v, null);
}

function toBigEndian(v: u64, size: i32): Uint8Array {
  let b = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    b[i] = <u8>(v & 0xff);
    v >>= 8;
  }
  return b;
}

export function getU32(name: string, scope: Scope = new Scope()): Return<u32> {
  let r = bigEndian(read("/uint32/" + name, scope, false), 4);
  if (!r.ok) return new Return<u32>(0, r.err);
  return new Return<u32>(<u32>r.unwrap(), null);
}

export function putU32(name: string, value: u32, scope: Scope = new Scope()): Return<u32> {
  return write("/uint32/" + name, toBigEndian(value, 4), scope);
}

export function getU64(name: string, scope: Scope = new Scope()): Return<u64> {
  return bigEndian(read("/uint64/" + name, scope, false), 8);
}

export function putU64(name: string, value: u64, scope: Scope = new Scope()): Return<u32> {
  return write("/uint64/" + name, toBigEndian(value, 8), scope);
}
