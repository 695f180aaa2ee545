// `sdk/storage`: the go-sdk `storage` package for AssemblyScript (the published AssemblyScript SDK has no storage
// module): Storage.new(name) or Storage.get(name), then add, read, version, list and delete files, on tau's host
// functions. Errors carry go-sdk's text. Version 0 means the latest, as in tau.
import "../env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return, textOf } from "../return";
import { ERRNO_EOF, errorString } from "../errno";
import { Chunks, U32, Utf8, splitNul } from "../helpers";

@external("taubyte/sdk", "storageNew") declare function storageNew(name: usize, nameLen: u32, idPtr: usize): u32;
@external("taubyte/sdk", "storageGet") declare function storageGet(name: usize, nameLen: u32, idPtr: usize): u32;
@external("taubyte/sdk", "storageAddFile")
declare function storageAddFile(id: u32, name: usize, nameLen: u32, versionPtr: usize, buf: usize, bufLen: u32, overwrite: u32): u32;
@external("taubyte/sdk", "storageGetFile")
declare function storageGetFile(id: u32, name: usize, nameLen: u32, version: u32, fdPtr: usize): u32;
@external("taubyte/sdk", "storageReadFile")
declare function storageReadFile(id: u32, fd: u32, buf: usize, bufSize: u32, countPtr: usize): u32;
@external("taubyte/sdk", "storageCloseFile") declare function storageCloseFile(id: u32, fd: u32): u32;
@external("taubyte/sdk", "storageDeleteFile")
declare function storageDeleteFile(id: u32, name: usize, nameLen: u32, version: u32, all: u32): u32;
@external("taubyte/sdk", "storageListVersionsSize")
declare function storageListVersionsSize(id: u32, name: usize, nameLen: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "storageListVersions")
declare function storageListVersions(id: u32, name: usize, nameLen: u32, buf: usize): u32;
@external("taubyte/sdk", "storageListFilesSize") declare function storageListFilesSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "storageListFiles") declare function storageListFiles(id: u32, buf: usize): u32;

/** A storage of the function's project (or application), opened by a name its `storages/` resource matches. */
export class Storage {
  constructor(public readonly id: u32) {}

  /** Opens (creating its index on first use) the storage `name` matches; go-sdk's storage.New. */
  static new(name: string): Return<Storage> {
    return Storage.open(name, true);
  }

  /** Opens the storage `name` matches, which must have been used before; go-sdk's storage.Get. */
  static get(name: string): Return<Storage> {
    return Storage.open(name, false);
  }

  private static open(name: string, create: bool): Return<Storage> {
    let n = new Utf8(name);
    let id = new U32();
    let err = create ? storageNew(n.ptr, n.len, id.ptr) : storageGet(n.ptr, n.len, id.ptr);
    if (err == 0) return new Return<Storage>(new Storage(id.load()), null);
    let msg = create
      ? "Failed to create storage: `" + name + "` with: " + errorString(err) + ", is it configured?"
      : "Failed to getting storage: `" + name + "` with: " + errorString(err) + ", did you create with New()?";
    return new Return<Storage>(new Storage(0), msg);
  }

  /** The file `name` of this storage (nothing is read until asked). */
  file(name: string): File {
    return new File(this.id, name, 0);
  }

  /** Every version of every file, as `{name, version}`. */
  listFiles(): Return<FileVersion[]> {
    let size = new U32();
    let err = storageListFilesSize(this.id, size.ptr);
    if (err != 0) return new Return<FileVersion[]>([], "Failed storage list file size with " + errorString(err));
    if (size.load() == 0) return new Return<FileVersion[]>([], null);
    let buf = new ArrayBuffer(<i32>size.load());
    err = storageListFiles(this.id, changetype<usize>(buf));
    if (err != 0) return new Return<FileVersion[]>([], "Failed storage list files with " + errorString(err));
    // Each entry is `/file/<name>/<version>`.
    let out = new Array<FileVersion>();
    let entries = splitNul(buf);
    for (let i = 0; i < entries.length; i++) {
      let parts = entries[i].split("/");
      if (parts.length < 4 || parts[1] != "file") continue;
      out.push(new FileVersion(parts.slice(2, parts.length - 1).join("/"), <u32>I32.parseInt(parts[parts.length - 1])));
    }
    return new Return<FileVersion[]>(out, null);
  }
}

/** One version of a file, as `Storage.listFiles` names it. */
export class FileVersion {
  constructor(public name: string, public version: u32) {}
}

/** A file of a storage, at one version (0: the latest). */
export class File {
  constructor(public readonly storage: u32, public readonly name: string, public readonly ver: u32) {}

  /** The same file at `version`. */
  version(version: u32): File {
    return new File(this.storage, this.name, version);
  }

  /**
   * Adds `data` as the file's new version (a storage without versioning refuses a second one unless
   * `overwrite`); returns the version written.
   */
  add(data: Uint8Array, overwrite: bool = false): Return<u32> {
    if (data.length == 0) return new Return<u32>(0, "Data cannot be empty");
    let n = new Utf8(this.name);
    let version = new U32();
    let err = storageAddFile(this.storage, n.ptr, n.len, version.ptr, data.dataStart, <u32>data.length, overwrite ? 1 : 0);
    if (err != 0) return new Return<u32>(0, "Adding file failed with error code: " + errorString(err));
    return new Return<u32>(version.load(), null);
  }

  /** The whole content of this version of the file. */
  read(): Return<Uint8Array> {
    let n = new Utf8(this.name);
    let fd = new U32();
    let err = storageGetFile(this.storage, n.ptr, n.len, this.ver, fd.ptr);
    if (err != 0) {
      return new Return<Uint8Array>(new Uint8Array(0), "Getting file: `" + this.name + "` failed with: " + errorString(err));
    }
    let chunks = new Chunks();
    let count = new U32();
    while (true) {
      let chunk = chunks.next();
      err = storageReadFile(this.storage, fd.load(), chunk.dataStart, <u32>chunk.length, count.ptr);
      if (err != 0 && err != ERRNO_EOF) {
        storageCloseFile(this.storage, fd.load());
        return new Return<Uint8Array>(new Uint8Array(0), "Reading file failed with: " + errorString(err));
      }
      chunks.keep(chunk, <i32>count.load());
      if (err == ERRNO_EOF || count.load() == 0) break;
    }
    err = storageCloseFile(this.storage, fd.load());
    if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), "Closing file failed with: " + errorString(err));
    return new Return<Uint8Array>(chunks.join(), null);
  }

  /** `read` decoded as UTF-8. */
  readString(): Return<string> {
    return textOf(this.read());
  }

  /** The file's versions, oldest first. */
  versions(): Return<string[]> {
    let n = new Utf8(this.name);
    let size = new U32();
    let err = storageListVersionsSize(this.storage, n.ptr, n.len, size.ptr);
    let failed = "List versions for file: `" + this.name + "` failed with: ";
    if (err != 0 || size.load() == 0) return new Return<string[]>([], failed + errorString(err));
    let buf = new ArrayBuffer(<i32>size.load());
    err = storageListVersions(this.storage, n.ptr, n.len, changetype<usize>(buf));
    if (err != 0) return new Return<string[]>([], failed + errorString(err));
    return new Return<string[]>(splitNul(buf), null);
  }

  /** Deletes this version of the file (0: the latest). */
  delete(): Return<u32> {
    return this.remove(false);
  }

  /** Deletes every version of the file. */
  deleteAllVersions(): Return<u32> {
    return this.remove(true);
  }

  private remove(all: bool): Return<u32> {
    let n = new Utf8(this.name);
    let err = storageDeleteFile(this.storage, n.ptr, n.len, all ? 0 : this.ver, all ? 1 : 0);
    if (err != 0) return new Return<u32>(err, "Deleting file: `" + this.name + "` failed with: " + errorString(err));
    return new Return<u32>(0, null);
  }
}
