/** go-sdk errno values returned by `taubyte/sdk` host functions (the same numbers as templates/sdk/errno.ts). */
export const Errno = {
  None: 0,
  EventNotFound: 1,
  BufferTooSmall: 2,
  AddressOutOfMemory: 3,
  NilAddress: 4,
  HttpWrite: 5,
  HttpReadBody: 6,
  CloseBody: 7,
  EOF: 8,
  ClientNotFound: 10,
  ParseUrlFailed: 11,
  HttpRequestFailed: 13,
  InvalidMethod: 14,
  HeaderNotFound: 16,
  PublishFailed: 21,
  DatabaseCreateFailed: 22,
  DatabaseGetFailed: 23,
  DatabasePutFailed: 24,
  DatabaseNotFound: 25,
  DatabaseDeleteFailed: 26,
  DatabaseListFailed: 27,
  DatabaseKeyNotFound: 29,
  GetWebSocketURLFailed: 38,
  ZeroSize: 50,
  /** dream-only: an import the module asks for that this host does not implement. */
  NotImplemented: 0xffff
} as const
