/**
 * Typed errors with stable codes. `status` maps the error to HTTP; `expose` marks a user error whose
 * message the CLI prints without a stack. Tests assert on `code`, never on wording.
 */
/**
 * Every error code dream raises, by area: the one catalogue. A new error takes a code from here (add it here
 * first); tests and clients match on these codes, never on wording.
 */
export type ErrorCode =
  // control API, CLI and daemon
  | 'ALLOW_ORIGIN'
  | 'API_ERROR'
  | 'API_PORT'
  | 'API_PORT_BUSY'
  | 'BAD_REQUEST'
  | 'CONTENT_TYPE'
  | 'DAEMON_NOT_RUNNING'
  | 'FOREIGN_REQUEST'
  | 'INTERNAL'
  | 'INVALID_INPUT'
  | 'LOGS_WHAT'
  | 'MULTIVERSE_NAME'
  | 'PUBLIC_REFUSED'
  | 'ROUTE_NOT_FOUND'
  | 'SECRET_CROSS_ORIGIN'
  | 'UNKNOWN_INJECT'
  // the developer loop: job lookup, streams, stop, --daemon, dream dev, completion
  | 'COMPLETION_SHELL'
  | 'DAEMON_SPAWN'
  | 'DAEMON_START_FAILED'
  | 'DEV_GIT'
  | 'DEV_PROJECT_NAME'
  | 'JOB_PREFIX_AMBIGUOUS'
  | 'JOB_PREFIX_SHORT'
  | 'STOP_TIMEOUT'
  | 'STOP_UNSUPPORTED'
  | 'STREAM_BROKEN'
  | 'STREAM_ENDED'
  // names, methods and counts given by users (shared/names.ts)
  | 'INVALID_COPIES'
  | 'INVALID_METHOD'
  | 'INVALID_NAME'
  // state on disk
  | 'DISK_FULL'
  // universes, nodes and binds
  | 'BIND_DISABLED'
  | 'BIND_DUPLICATE'
  | 'BIND_INVALID'
  | 'ENABLE_DISABLE'
  | 'NODE_NOT_FOUND'
  | 'PORT_BUSY'
  | 'SIMPLE_CLIENTS'
  | 'SIMPLE_EXISTS'
  | 'SIMPLE_NAME'
  | 'UNIVERSE_EXISTS'
  | 'UNIVERSE_NAME'
  | 'UNIVERSE_NOT_FOUND'
  | 'UNIVERSE_NOT_RUNNING'
  | 'UNIVERSE_STATE'
  | 'UNKNOWN_SERVICE'
  // p2p streams
  | 'INVALID_SWARM_KEY'
  | 'NO_PROTOCOL'
  | 'P2P_TIMEOUT'
  | 'P2P_UNREACHABLE'
  | 'REMOTE_ERROR'
  | 'SERVICE_NOT_RUNNING'
  | 'UNKNOWN_COMMAND'
  // fixtures
  | 'BRANCH_NAME'
  | 'FIXTURE_NOT_RUN_HERE'
  | 'LOCAL_BUILD_PATH'
  | 'LOCAL_BUILD_BODY'
  | 'LOCAL_BUILD_TOO_LARGE'
  | 'MONKEY_BUSY'
  | 'FIXTURE_PARAMS'
  | 'FIXTURE_PARAM_MISSING'
  | 'JOBS_TIMEOUT'
  | 'NO_CLIENT'
  | 'NO_HOOK'
  | 'PATRICK_NOT_RUNNING'
  | 'LOCAL_PATH_MISSING'
  | 'LOCAL_PATH_NOT_GIT'
  | 'LOCAL_PUSH_FAILED'
  | 'PUSH_REFUSED'
  | 'REPO_NOT_FOUND'
  | 'UNKNOWN_FIXTURE'
  // console (projects, functions, domains made from the CLI)
  | 'AUTH_NOT_RUNNING'
  | 'CONFLICT'
  | 'CONSOLE_AUTH'
  | 'CONSOLE_ERROR'
  | 'DOMAIN_EXISTS'
  | 'DOMAIN_FQDN'
  | 'DOMAIN_NAME'
  | 'DOMAIN_NOT_FOUND'
  | 'FUNCTION_EXISTS'
  | 'FUNCTION_LIBRARY'
  | 'FUNCTION_NAME'
  | 'FUNCTION_PATH'
  | 'LIBRARY_EXISTS'
  | 'LIBRARY_NAME'
  | 'LIBRARY_NOT_FOUND'
  | 'NOT_FOUND'
  | 'UNKNOWN_TEMPLATE'
  | 'WEBSITE_EXISTS'
  | 'WEBSITE_NAME'
  | 'WEBSITE_PATH'
  // web console (its page, git proxy and function calls)
  | 'ASSET_NOT_FOUND'
  | 'CALL_FAILED'
  | 'CALL_HOST'
  | 'CONSOLE_NOT_BUILT'
  | 'GIT_PROXY'
  | 'NO_SUBSTRATE'
  | 'UNKNOWN_LANGUAGE'
  // auth
  | 'AUTH_ACTION'
  | 'AUTH_BAD_TOKEN'
  | 'AUTH_HOOK_NOT_FOUND'
  | 'AUTH_MISSING'
  | 'AUTH_PROJECT_NOT_FOUND'
  | 'AUTH_PROVIDER'
  | 'AUTH_REPOSITORY_NOT_FOUND'
  | 'GITHUB_ERROR'
  | 'GITHUB_NOT_FOUND'
  | 'PROJECT_EXISTS'
  | 'PROJECT_NAME'
  | 'PROJECT_NOT_FOUND'
  | 'PROJECT_REPOS'
  | 'REPO_IN_PROJECT'
  | 'REPO_NOT_REGISTERED'
  // patrick (webhooks and jobs)
  | 'JOB_NOT_ACTIVE'
  | 'JOB_NOT_ARCHIVED'
  | 'JOB_NOT_ASSIGNED'
  | 'JOB_NOT_FOUND'
  | 'LOG_NOT_READY'
  | 'WEBHOOK_BAD_JSON'
  | 'WEBHOOK_BAD_SIGNATURE'
  | 'WEBHOOK_DELETE'
  | 'WEBHOOK_EVENT'
  | 'WEBHOOK_NO_PROJECT'
  | 'WEBHOOK_PAYLOAD'
  | 'WEBHOOK_TOO_LARGE'
  | 'WEBHOOK_UNKNOWN_HOOK'
  | 'WEBHOOK_UNSIGNED'
  | 'WEBHOOK_WRONG_REPOSITORY'
  // tns and hoarder
  | 'BLOB_NOT_FOUND'
  | 'DATABASE_BAD_REQUEST'
  | 'DATABASE_FULL'
  | 'DATABASE_KEY_NOT_FOUND'
  | 'DATABASE_UNAVAILABLE'
  | 'HOARDER_BAD_CID'
  | 'HOARDER_CID_MISMATCH'
  | 'HOARDER_CORRUPT'
  | 'HOARDER_NOT_FOUND'
  | 'STORAGE_FULL'
  | 'TNS_BAD_BATCH'
  | 'TNS_BAD_PATH'
  | 'TNS_MOVING'
  // builds (monkey, compiler, builder)
  | 'BUILDER_STOPPED'
  | 'BUILD_ABORTED'
  | 'BUILD_COMPILE'
  | 'BUILD_CONFIG'
  | 'BUILD_CRASH'
  | 'BUILD_INVALID_WASM'
  | 'BUILD_NO_ENTRY'
  | 'BUILD_REPO_KIND'
  | 'BUILD_SOURCE_MISSING'
  | 'BUILD_WEBSITE_EMPTY'
  | 'BUILD_WEBSITE_SCRIPT'
  | 'BUILD_WEBSITE_TOO_LARGE'
  | 'BUILD_WEBSITE_UNCONTAINED'
  | 'ZIP_INVALID'
  | 'ZIP_TOO_LARGE'
  | 'REPOSITORY_LISTED_TWICE'
  | 'CONFIG_DOMAIN_UNOWNED'
  | 'CONFIG_INVALID'
  | 'CONFIG_MISSING'
  | 'CONFIG_PROJECT_MISMATCH'
  | 'CONFIG_YAML'
  // Go functions (go-builder.ts, go-toolchain.ts) and the import check
  | 'BUILD_GO_MODULES'
  | 'BUILD_UNSUPPORTED_IMPORT'
  | 'GO_TOOLCHAIN'
  // functions (substrate and the vm)
  | 'FUNCTION_CRASH'
  | 'FUNCTION_EXPORT'
  | 'FUNCTION_LOAD'
  | 'FUNCTION_MEMORY'
  | 'FUNCTION_TIMEOUT'
  | 'FUNCTION_TRAP'
  | 'P2P_COMMAND_NOT_FOUND'
  | 'RUNTIME_STOPPED'
  // git host
  | 'GITHOST_AUTH_REQUIRED'
  | 'GITHOST_BAD_CREDENTIALS'
  | 'GITHOST_BAD_HOOK_EVENTS'
  | 'GITHOST_BAD_HOOK_URL'
  | 'GITHOST_BAD_URL'
  | 'GITHOST_BAD_JSON'
  | 'GITHOST_BAD_KEY'
  | 'GITHOST_BAD_LOGIN'
  | 'GITHOST_BAD_REPO_NAME'
  | 'GITHOST_BODY_TOO_LARGE'
  | 'GITHOST_BRANCH_NOT_FOUND'
  | 'GITHOST_DB_CORRUPT'
  | 'GITHOST_FORBIDDEN'
  | 'GITHOST_GIT_FAILED'
  | 'GITHOST_GIT_SPAWN'
  | 'GITHOST_HOOK_NOT_FOUND'
  | 'GITHOST_HOOK_TARGET'
  | 'GITHOST_KEY_IN_USE'
  | 'GITHOST_KEY_NOT_FOUND'
  | 'GITHOST_NOT_FOUND'
  | 'GITHOST_NOT_STARTED'
  | 'GITHOST_REPO_EXISTS'
  | 'GITHOST_USER_NOT_FOUND'

/**
 * A code that came over the wire from another part of dream (a p2p reply, the control API, a service's HTTP
 * API): it is from this catalogue, or else `fallback`.
 */
export function receivedCode(code: unknown, fallback: ErrorCode): ErrorCode {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? (code as ErrorCode) : fallback
}

export interface DreamErrorOptions {
  status?: number
  expose?: boolean
  cause?: unknown
}

export class DreamError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly expose: boolean

  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(message, { cause: o.cause })
    this.name = new.target.name
    this.code = code
    this.status = o.status ?? 500
    this.expose = o.expose ?? this.status < 500
  }
}

/** A named thing does not exist (universe, service, project, job...). */
export class NotFoundError extends DreamError {
  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(code, message, { status: 404, ...o })
  }
}

/** The caller sent something malformed or unknown. */
export class InvalidInputError extends DreamError {
  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(code, message, { status: 400, ...o })
  }
}

/** The request conflicts with current state (already exists, already running). */
export class ConflictError extends DreamError {
  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(code, message, { status: 409, ...o })
  }
}

/** Missing or wrong credentials or signature. */
export class UnauthorizedError extends DreamError {
  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(code, message, { status: 401, ...o })
  }
}

/** Something took longer than its limit. */
export class TimeoutError extends DreamError {
  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(code, message, { status: 504, ...o })
  }
}

/** A build failed; the message carries the readable reason (file and line where known). */
export class BuildError extends DreamError {
  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(code, message, { status: 422, ...o })
  }
}

/** Turns anything thrown into a message fit for a log line or a JSON error body. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
