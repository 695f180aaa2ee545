import { U32 } from "./helpers";

// The running function's own ids (tau `taubyte/sdk` self functions, as go-sdk's `self` package reads them): each
// value is a size then a read.
@external("taubyte/sdk", "selfIdSize") declare function selfIdSize(sizePtr: usize): u32;
@external("taubyte/sdk", "selfId") declare function selfId(buf: usize): u32;
@external("taubyte/sdk", "selfProjectSize") declare function selfProjectSize(sizePtr: usize): u32;
@external("taubyte/sdk", "selfProject") declare function selfProject(buf: usize): u32;
@external("taubyte/sdk", "selfApplicationSize") declare function selfApplicationSize(sizePtr: usize): u32;
@external("taubyte/sdk", "selfApplication") declare function selfApplication(buf: usize): u32;
@external("taubyte/sdk", "selfCommitSize") declare function selfCommitSize(sizePtr: usize): u32;
@external("taubyte/sdk", "selfCommit") declare function selfCommit(buf: usize): u32;
@external("taubyte/sdk", "selfBranchSize") declare function selfBranchSize(sizePtr: usize): u32;
@external("taubyte/sdk", "selfBranch") declare function selfBranch(buf: usize): u32;

function read(size: (p: usize) => u32, value: (p: usize) => u32): string {
  let n = new U32();
  if (size(n.ptr) != 0) return "";
  let buf = new ArrayBuffer(<i32>n.load());
  if (buf.byteLength > 0 && value(changetype<usize>(buf)) != 0) return "";
  return String.UTF8.decode(buf);
}

/** The function's resource id ("" if the host could not say). */
export function functionId(): string { return read(selfIdSize, selfId); }
/** The id of the function's project. */
export function projectId(): string { return read(selfProjectSize, selfProject); }
/** The id of the function's application ("" for a function of the project itself). */
export function applicationId(): string { return read(selfApplicationSize, selfApplication); }
/** The commit of the code repository the running module was built from. */
export function commit(): string { return read(selfCommitSize, selfCommit); }
/** The branch that commit is on. */
export function branch(): string { return read(selfBranchSize, selfBranch); }
