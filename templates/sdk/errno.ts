// Error numbers returned by the `taubyte/sdk` host functions (go-sdk `errno`). Only the ones the HTTP
// event ABI produces are named; anything else is reported by number.
export const ERRNO_NONE: u32 = 0;
export const ERRNO_EVENT_NOT_FOUND: u32 = 1;
export const ERRNO_BUFFER_TOO_SMALL: u32 = 2;
export const ERRNO_ADDRESS_OUT_OF_MEMORY: u32 = 3;
export const ERRNO_NIL_ADDRESS: u32 = 4;
export const ERRNO_HTTP_WRITE: u32 = 5;
export const ERRNO_HTTP_READ_BODY: u32 = 6;
export const ERRNO_CLOSE_BODY: u32 = 7;
export const ERRNO_EOF: u32 = 8;
export const ERRNO_ZERO_SIZE: u32 = 50;
// Returned by dream's host for a `taubyte/sdk` import it does not implement (not a go-sdk value).
export const ERRNO_NOT_IMPLEMENTED: u32 = 0xffff;

export function errorString(err: u32): string {
  switch (err) {
    case ERRNO_NONE: return "none";
    case ERRNO_EVENT_NOT_FOUND: return "event not found";
    case ERRNO_BUFFER_TOO_SMALL: return "buffer too small";
    case ERRNO_ADDRESS_OUT_OF_MEMORY: return "address out of memory";
    case ERRNO_NIL_ADDRESS: return "nil address";
    case ERRNO_HTTP_WRITE: return "http write failed";
    case ERRNO_HTTP_READ_BODY: return "http read body failed";
    case ERRNO_CLOSE_BODY: return "close body failed";
    case ERRNO_EOF: return "EOF";
    case ERRNO_ZERO_SIZE: return "zero size";
    case ERRNO_NOT_IMPLEMENTED: return "not implemented by this host";
    default: return "errno " + err.toString();
  }
}
