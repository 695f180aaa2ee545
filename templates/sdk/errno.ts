// Error numbers returned by the `taubyte/sdk` host functions (go-sdk `errno`). Only the ones the HTTP event and
// client, database, storage and p2p functions produce are named; anything else is reported by number.
export const ERRNO_NONE: u32 = 0;
export const ERRNO_EVENT_NOT_FOUND: u32 = 1;
export const ERRNO_BUFFER_TOO_SMALL: u32 = 2;
export const ERRNO_ADDRESS_OUT_OF_MEMORY: u32 = 3;
export const ERRNO_NIL_ADDRESS: u32 = 4;
export const ERRNO_HTTP_WRITE: u32 = 5;
export const ERRNO_HTTP_READ_BODY: u32 = 6;
export const ERRNO_CLOSE_BODY: u32 = 7;
export const ERRNO_EOF: u32 = 8;
export const ERRNO_CLIENT_NOT_FOUND: u32 = 10;
export const ERRNO_PARSE_URL_FAILED: u32 = 11;
export const ERRNO_HTTP_REQUEST_FAILED: u32 = 13;
export const ERRNO_INVALID_METHOD: u32 = 14;
export const ERRNO_HEADER_NOT_FOUND: u32 = 16;
export const ERRNO_PUBLISH_FAILED: u32 = 21;
export const ERRNO_DATABASE_CREATE_FAILED: u32 = 22;
export const ERRNO_DATABASE_GET_FAILED: u32 = 23;
export const ERRNO_DATABASE_PUT_FAILED: u32 = 24;
export const ERRNO_DATABASE_NOT_FOUND: u32 = 25;
export const ERRNO_DATABASE_DELETE_FAILED: u32 = 26;
export const ERRNO_DATABASE_LIST_FAILED: u32 = 27;
export const ERRNO_DATABASE_KEY_NOT_FOUND: u32 = 29;
export const ERRNO_ADD_FILE_FAILED: u32 = 31;
export const ERRNO_GET_FILE_FAILED: u32 = 32;
export const ERRNO_DELETE_FILE_FAILED: u32 = 33;
export const ERRNO_CLOSE_FILE_FAILED: u32 = 34;
export const ERRNO_LIST_FILE_VERSIONS_FAILED: u32 = 36;
export const ERRNO_LISTING_USED_SPACE_FAILED: u32 = 37;
export const ERRNO_GET_WEBSOCKET_URL_FAILED: u32 = 38;
export const ERRNO_COMMAND_CREATE_FAILED: u32 = 42;
export const ERRNO_P2P_SEND_FAILED: u32 = 43;
export const ERRNO_P2P_COMMAND_NOT_FOUND: u32 = 44;
export const ERRNO_P2P_PROTOCOL_NOT_FOUND: u32 = 45;
export const ERRNO_ZERO_SIZE: u32 = 50;
export const ERRNO_STORAGE_GET_META_FAILED: u32 = 90;
export const ERRNO_STORAGE_NOT_FOUND: u32 = 92;
export const ERRNO_STORAGE_LIST_FAILED: u32 = 93;
// Returned by dream's host for a `taubyte/sdk` import it does not implement (not a go-sdk value).
export const ERRNO_NOT_IMPLEMENTED: u32 = 0xffff;

/** The go-sdk name of an error number (`ErrorBufferTooSmall`), as the published SDK's errorString gives it. */
export function errorString(err: u32): string {
  switch (err) {
    case ERRNO_NONE: return "ErrorNone";
    case ERRNO_EVENT_NOT_FOUND: return "ErrorEventNotFound";
    case ERRNO_BUFFER_TOO_SMALL: return "ErrorBufferTooSmall";
    case ERRNO_ADDRESS_OUT_OF_MEMORY: return "ErrorAddressOutOfMemory";
    case ERRNO_NIL_ADDRESS: return "ErrorNilAddress";
    case ERRNO_HTTP_WRITE: return "ErrorHttpWrite";
    case ERRNO_HTTP_READ_BODY: return "ErrorHttpReadBody";
    case ERRNO_CLOSE_BODY: return "ErrorCloseBody";
    case ERRNO_EOF: return "ErrorEOF";
    case ERRNO_CLIENT_NOT_FOUND: return "ErrorClientNotFound";
    case ERRNO_PARSE_URL_FAILED: return "ErrorParseUrlFailed";
    case ERRNO_HTTP_REQUEST_FAILED: return "ErrorHttpRequestFailed";
    case ERRNO_INVALID_METHOD: return "ErrorInvalidMethod";
    case ERRNO_HEADER_NOT_FOUND: return "ErrorHeaderNotFound";
    case ERRNO_PUBLISH_FAILED: return "ErrorPublishFailed";
    case ERRNO_DATABASE_CREATE_FAILED: return "ErrorDatabaseCreateFailed";
    case ERRNO_DATABASE_GET_FAILED: return "ErrorDatabaseGetFailed";
    case ERRNO_DATABASE_PUT_FAILED: return "ErrorDatabasePutFailed";
    case ERRNO_DATABASE_NOT_FOUND: return "ErrorDatabaseNotFound";
    case ERRNO_DATABASE_DELETE_FAILED: return "ErrorDatabaseDeleteFailed";
    case ERRNO_DATABASE_LIST_FAILED: return "ErrorDatabaseListFailed";
    case ERRNO_DATABASE_KEY_NOT_FOUND: return "ErrorDatabaseKeyNotFound";
    case ERRNO_ADD_FILE_FAILED: return "ErrorAddFileFailed";
    case ERRNO_GET_FILE_FAILED: return "ErrorGetFileFailed";
    case ERRNO_DELETE_FILE_FAILED: return "ErrorDeleteFileFailed";
    case ERRNO_CLOSE_FILE_FAILED: return "ErrorCloseFileFailed";
    case ERRNO_LIST_FILE_VERSIONS_FAILED: return "ErrorListFileVersionsFailed";
    case ERRNO_LISTING_USED_SPACE_FAILED: return "ErrorListingUsedSpaceFailed";
    case ERRNO_GET_WEBSOCKET_URL_FAILED: return "ErrorGetWebSocketURLFailed";
    case ERRNO_COMMAND_CREATE_FAILED: return "ErrorCommandCreateFailed";
    case ERRNO_P2P_SEND_FAILED: return "ErrorP2PSendFailed";
    case ERRNO_P2P_COMMAND_NOT_FOUND: return "ErrorP2PCommandNotFound";
    case ERRNO_P2P_PROTOCOL_NOT_FOUND: return "ErrorP2PProtocolNotFound";
    case ERRNO_ZERO_SIZE: return "ErrorZeroSize";
    case ERRNO_STORAGE_GET_META_FAILED: return "ErrorStorageGetMetaFailed";
    case ERRNO_STORAGE_NOT_FOUND: return "ErrorStorageNotFound";
    case ERRNO_STORAGE_LIST_FAILED: return "ErrorStorageListFailed";
    case ERRNO_NOT_IMPLEMENTED: return "ErrorNotImplemented (not provided by this host)";
    default: return "Error(" + err.toString() + ")";
  }
}
