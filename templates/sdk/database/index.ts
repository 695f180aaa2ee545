// `sdk/database`: the go-sdk `database` package for AssemblyScript (the published AssemblyScript SDK has no
// database module): Database.new(name), then get/put/delete/list by key and close, on tau's host functions.
import "../env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return } from "../return";
import { errorString } from "../errno";
import { U32, Utf8, splitNul } from "../helpers";

@external("taubyte/sdk", "newDatabase") declare function newDatabase(name: usize, nameLen: u32, idPtr: usize): u32;
@external("taubyte/sdk", "databaseGetSize") declare function databaseGetSize(id: u32, key: usize, keyLen: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "databaseGet") declare function databaseGet(id: u32, key: usize, keyLen: u32, data: usize): u32;
@external("taubyte/sdk", "databasePut") declare function databasePut(id: u32, key: usize, keyLen: u32, data: usize, dataLen: u32): u32;
@external("taubyte/sdk", "databaseDelete") declare function databaseDelete(id: u32, key: usize, keyLen: u32): u32;
@external("taubyte/sdk", "databaseListSize") declare function databaseListSize(id: u32, prefix: usize, prefixLen: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "databaseList") declare function databaseList(id: u32, prefix: usize, prefixLen: u32, data: usize): u32;
@external("taubyte/sdk", "databaseClose") declare function databaseClose(id: u32): u32;

/** A database of the function's project (or application), opened by name: a name or regex of a `databases/` resource. */
export class Database {
  constructor(public readonly id: u32) {}

  /** Opens the database `name` matches; the error is go-sdk's ("Failed creating new database with: ..."). */
  static new(name: string): Return<Database> {
    let n = new Utf8(name);
    let id = new U32();
    let err = newDatabase(n.ptr, n.len, id.ptr);
    if (err != 0) return new Return<Database>(new Database(0), "Failed creating new database with: " + errorString(err));
    return new Return<Database>(new Database(id.load()), null);
  }

  /** The value of `key` (empty when it is empty); an error when the key is absent. */
  get(key: string): Return<Uint8Array> {
    let k = new Utf8(key);
    let size = new U32();
    let err = databaseGetSize(this.id, k.ptr, k.len, size.ptr);
    if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), "Database get size failed with: " + errorString(err));
    let data = new Uint8Array(<i32>size.load());
    if (data.length == 0) return new Return<Uint8Array>(data, null);
    err = databaseGet(this.id, k.ptr, k.len, data.dataStart);
    if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), "Database Get failed with: " + errorString(err));
    return new Return<Uint8Array>(data, null);
  }

  /** `get` decoded as UTF-8. */
  getString(key: string): Return<string> {
    let r = this.get(key);
    if (!r.ok) return new Return<string>("", r.err);
    return new Return<string>(String.UTF8.decode(r.unwrap().buffer), null);
  }

  put(key: string, data: Uint8Array): Return<u32> {
    let k = new Utf8(key);
    let err = databasePut(this.id, k.ptr, k.len, data.dataStart, <u32>data.length);
    if (err != 0) return new Return<u32>(err, "Database Put failed with: " + errorString(err));
    return new Return<u32>(0, null);
  }

  /** `put` of a string's UTF-8. */
  putString(key: string, value: string): Return<u32> {
    return this.put(key, Uint8Array.wrap(String.UTF8.encode(value)));
  }

  delete(key: string): Return<u32> {
    let k = new Utf8(key);
    let err = databaseDelete(this.id, k.ptr, k.len);
    if (err != 0) return new Return<u32>(err, "Deleting file: " + key + " failed with: " + errorString(err));
    return new Return<u32>(0, null);
  }

  /** The keys starting with `prefix`. */
  list(prefix: string): Return<string[]> {
    let p = new Utf8(prefix);
    let size = new U32();
    let err = databaseListSize(this.id, p.ptr, p.len, size.ptr);
    if (err != 0) return new Return<string[]>([], "Database get list size failed with: " + errorString(err));
    if (size.load() == 0) return new Return<string[]>([], null);
    let buf = new ArrayBuffer(<i32>size.load());
    err = databaseList(this.id, p.ptr, p.len, changetype<usize>(buf));
    if (err != 0) return new Return<string[]>([], "Database List failed with: " + errorString(err));
    return new Return<string[]>(splitNul(buf), null);
  }

  close(): Return<u32> {
    let err = databaseClose(this.id);
    if (err != 0) return new Return<u32>(err, "Closing database: " + this.id.toString() + " failed with " + err.toString());
    return new Return<u32>(0, null);
  }
}
