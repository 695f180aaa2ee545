// `sdk/p2p`: the go-sdk `p2p/node` client and `p2p/event` for AssemblyScript (the published AssemblyScript SDK has
// neither): Command.new(protocol, command).send(data) calls the project's function serving that command on the
// protocol of one of its `services/`; a function on a `p2p` trigger reads its call with Event.p2p() and answers
// with write(). Errors carry go-sdk's text.
import "../env"; // loads the abort handler named by the builder's --use abort=~lib/sdk/env/sdkAbort
import { Return, textOf } from "../return";
import { errorString } from "../errno";
import { U32, Utf8 } from "../helpers";

@external("taubyte/sdk", "newCommand")
declare function newCommand(protocol: usize, protocolLen: u32, command: usize, commandLen: u32, idPtr: usize): u32;
@external("taubyte/sdk", "sendCommand")
declare function sendCommand(id: u32, data: usize, dataLen: u32, responseSizePtr: usize): u32;
@external("taubyte/sdk", "readCommandResponse") declare function readCommandResponse(id: u32, buf: usize, bufLen: u32): u32;

@external("taubyte/sdk", "getP2PEventDataSize") declare function getP2PEventDataSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getP2PEventData") declare function getP2PEventData(id: u32, buf: usize): u32;
@external("taubyte/sdk", "getP2PEventCommandSize") declare function getP2PEventCommandSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getP2PEventCommand") declare function getP2PEventCommand(id: u32, buf: usize): u32;
@external("taubyte/sdk", "getP2PEventProtocolSize") declare function getP2PEventProtocolSize(id: u32, sizePtr: usize): u32;
@external("taubyte/sdk", "getP2PEventProtocol") declare function getP2PEventProtocol(id: u32, buf: usize): u32;
@external("taubyte/sdk", "writeP2PResponse") declare function writeP2PResponse(id: u32, buf: usize, bufLen: u32): u32;

/** A command on a protocol, sent to the function serving it (go-sdk `node.New(protocol).Command(command)`). */
export class Command {
  constructor(public readonly id: u32) {}

  /** Fails with ErrorP2PProtocolNotFound when no service of the project has `protocol`. */
  static new(protocol: string, command: string): Return<Command> {
    let p = new Utf8(protocol);
    let c = new Utf8(command);
    let id = new U32();
    let err = newCommand(p.ptr, p.len, c.ptr, c.len, id.ptr);
    if (err != 0) return new Return<Command>(new Command(0), "New P2P command failed with: " + errorString(err));
    return new Return<Command>(new Command(id.load()), null);
  }

  /** Sends `data` and returns what the serving function wrote back. */
  send(data: Uint8Array): Return<Uint8Array> {
    let size = new U32();
    let err = sendCommand(this.id, data.dataStart, <u32>data.length, size.ptr);
    if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), "Send command failed with " + errorString(err));
    let out = new Uint8Array(<i32>size.load());
    if (out.length == 0) return new Return<Uint8Array>(out, null);
    err = readCommandResponse(this.id, out.dataStart, <u32>out.length);
    if (err != 0) {
      return new Return<Uint8Array>(new Uint8Array(0), "Reading command response failed with " + errorString(err));
    }
    return new Return<Uint8Array>(out, null);
  }

  /** `send` of a string's UTF-8. */
  sendString(text: string): Return<Uint8Array> {
    return this.send(Uint8Array.wrap(String.UTF8.encode(text)));
  }
}

const DATA: u32 = 0;
const COMMAND: u32 = 1;
const PROTOCOL: u32 = 2;
const WHAT: string[] = ["command data", "command", "protocol"];

/** The bytes of one size-then-read pair of event getters (`which`), or the go-sdk error naming it. */
function eventBytes(id: u32, which: u32): Return<Uint8Array> {
  let size = new U32();
  let err = which == DATA
    ? getP2PEventDataSize(id, size.ptr)
    : which == COMMAND ? getP2PEventCommandSize(id, size.ptr) : getP2PEventProtocolSize(id, size.ptr);
  let what = WHAT[which];
  if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), "Getting " + what + " size failed with: " + errorString(err));
  let out = new Uint8Array(<i32>size.load());
  if (out.length == 0) return new Return<Uint8Array>(out, null);
  let buf = out.dataStart;
  err = which == DATA
    ? getP2PEventData(id, buf)
    : which == COMMAND ? getP2PEventCommand(id, buf) : getP2PEventProtocol(id, buf);
  if (err != 0) return new Return<Uint8Array>(new Uint8Array(0), "Getting " + what + " failed with: " + errorString(err));
  return new Return<Uint8Array>(out, null);
}

/** The call a `p2p`-triggered function runs for (`Event.p2p()`). */
export class P2PEvent {
  constructor(public id: u32) {}

  data(): Return<Uint8Array> {
    return eventBytes(this.id, DATA);
  }

  dataString(): Return<string> {
    return textOf(this.data());
  }

  command(): Return<string> {
    return textOf(eventBytes(this.id, COMMAND));
  }

  protocol(): Return<string> {
    return textOf(eventBytes(this.id, PROTOCOL));
  }

  /** The caller's answer (the last write wins). */
  write(data: Uint8Array): Return<u32> {
    let err = writeP2PResponse(this.id, data.dataStart, <u32>data.length);
    if (err != 0) return new Return<u32>(err, "Writing p2p response failed with " + errorString(err));
    return new Return<u32>(0, null);
  }

  writeString(value: string): Return<u32> {
    return this.write(Uint8Array.wrap(String.UTF8.encode(value)));
  }
}
