/**
 * Typed errors with stable codes. Each code has its HTTP status here, once; `expose` marks a user error whose
 * message the CLI prints without a stack. Tests assert on `code`, never on wording.
 */
/**
 * Every error code dream raises, by area, with the HTTP status it answers with: the one catalogue. A new error
 * takes a code from here (add it here first); tests and clients match on these codes, never on wording.
 */
export const ERRORS = {
  // control API, CLI and daemon
  ALLOW_ORIGIN: { status: 400 },
  API_ERROR: { status: 502 },
  API_PORT: { status: 400 },
  API_PORT_BUSY: { status: 409 },
  BAD_REQUEST: { status: 400 },
  CONTENT_TYPE: { status: 415 },
  DAEMON_NOT_RUNNING: { status: 503 },
  FOREIGN_REQUEST: { status: 403 },
  OWNER_ONLY: { status: 403 },
  OWNER_TOKEN_WRONG: { status: 401 },
  OWNER_UNKNOWN: { status: 401 },
  STREAM_SUBSCRIBERS: { status: 429 },
  INTERNAL: { status: 500 },
  INVALID_INPUT: { status: 400 },
  LOGS_WHAT: { status: 400 },
  MULTIVERSE_NAME: { status: 400 },
  PUBLIC_REFUSED: { status: 400 },
  ROUTE_NOT_FOUND: { status: 404 },
  SECRET_CROSS_ORIGIN: { status: 403 },
  UNKNOWN_INJECT: { status: 400 },
  // the developer loop: job lookup, streams, stop, --daemon, dream dev, completion
  COMPLETION_SHELL: { status: 400 },
  DAEMON_SPAWN: { status: 500 },
  DAEMON_START_FAILED: { status: 500 },
  DEV_GIT: { status: 500 },
  DEV_PROJECT_NAME: { status: 400 },
  JOB_PREFIX_AMBIGUOUS: { status: 400 },
  JOB_PREFIX_SHORT: { status: 400 },
  STOP_TIMEOUT: { status: 500 },
  STOP_UNSUPPORTED: { status: 501 },
  STREAM_BROKEN: { status: 503 },
  STREAM_ENDED: { status: 503 },
  // names, methods and counts given by users (shared/names.ts)
  INVALID_COPIES: { status: 400 },
  INVALID_METHOD: { status: 400 },
  INVALID_NAME: { status: 400 },
  // state on disk
  DISK_FULL: { status: 507 },
  // universes, nodes and binds
  ALLOW_OUTBOUND: { status: 400 },
  BIND_DISABLED: { status: 400 },
  BIND_DUPLICATE: { status: 400 },
  BIND_INVALID: { status: 400 },
  ENABLE_DISABLE: { status: 400 },
  NODE_NOT_FOUND: { status: 404 },
  PORT_BUSY: { status: 409 },
  SIMPLE_CLIENTS: { status: 400 },
  SIMPLE_EXISTS: { status: 409 },
  SIMPLE_NAME: { status: 400 },
  UNIVERSE_EXISTS: { status: 409 },
  UNIVERSE_NAME: { status: 400 },
  UNIVERSE_NOT_FOUND: { status: 404 },
  UNIVERSE_NOT_RUNNING: { status: 409 },
  UNIVERSE_STATE: { status: 409 },
  UNKNOWN_SERVICE: { status: 400 },
  // p2p streams
  BAD_COMMAND_BODY: { status: 400 },
  INVALID_SWARM_KEY: { status: 400 },
  NO_PROTOCOL: { status: 500 },
  P2P_TIMEOUT: { status: 504 },
  P2P_UNREACHABLE: { status: 502 },
  REMOTE_ERROR: { status: 502 },
  SERVICE_NOT_RUNNING: { status: 503 },
  UNKNOWN_COMMAND: { status: 400 },
  // fixtures
  BRANCH_NAME: { status: 400 },
  CLEAR_REPOS_REFUSED: { status: 502 },
  FIXTURE_NOT_RUN_HERE: { status: 400 },
  LOCAL_BUILD_PATH: { status: 400 },
  LOCAL_BUILD_BODY: { status: 400 },
  LOCAL_BUILD_TOO_LARGE: { status: 400 },
  MONKEY_BUSY: { status: 503 },
  FIXTURE_PARAMS: { status: 400 },
  FIXTURE_PARAM_MISSING: { status: 400 },
  JOBS_TIMEOUT: { status: 504 },
  NO_CLIENT: { status: 409 },
  NO_HOOK: { status: 500 },
  PATRICK_NOT_RUNNING: { status: 409 },
  LOCAL_PATH_MISSING: { status: 400 },
  LOCAL_PATH_NOT_GIT: { status: 400 },
  LOCAL_PUSH_FAILED: { status: 502 },
  PUSH_REFUSED: { status: 502 },
  REPO_NOT_FOUND: { status: 404 },
  UNKNOWN_FIXTURE: { status: 404 },
  // console (projects, functions, domains made from the CLI)
  AUTH_NOT_RUNNING: { status: 409 },
  CONFLICT: { status: 409 },
  CONSOLE_AUTH: { status: 401 },
  CONSOLE_ERROR: { status: 502 },
  DOMAIN_EXISTS: { status: 409 },
  DOMAIN_FQDN: { status: 400 },
  DOMAIN_NO_FQDN: { status: 409 },
  DOMAIN_NAME: { status: 400 },
  DOMAIN_NOT_FOUND: { status: 404 },
  FUNCTION_EXISTS: { status: 409 },
  FUNCTION_LIBRARY: { status: 400 },
  FUNCTION_NAME: { status: 400 },
  FUNCTION_PATH: { status: 400 },
  LIBRARY_EXISTS: { status: 409 },
  LIBRARY_NAME: { status: 400 },
  LIBRARY_NOT_FOUND: { status: 404 },
  NOT_FOUND: { status: 404 },
  UNKNOWN_TEMPLATE: { status: 400 },
  WEBSITE_EXISTS: { status: 409 },
  WEBSITE_NAME: { status: 400 },
  WEBSITE_PATH: { status: 400 },
  // web console (its page, git proxy and function calls)
  ASSET_NOT_FOUND: { status: 404 },
  CALL_FAILED: { status: 502 },
  CALL_HOST: { status: 400 },
  CONSOLE_NOT_BUILT: { status: 404 },
  GIT_PROXY: { status: 502 },
  GIT_PROXY_PATH: { status: 404 },
  NO_SUBSTRATE: { status: 409 },
  UNKNOWN_LANGUAGE: { status: 400 },
  // auth
  AUTH_ACTION: { status: 400 },
  AUTH_BAD_TOKEN: { status: 401 },
  AUTH_HOOK_NOT_FOUND: { status: 404 },
  AUTH_MISSING: { status: 401 },
  AUTH_PROJECT_NOT_FOUND: { status: 404 },
  AUTH_PROVIDER: { status: 400 },
  AUTH_REPOSITORY_NOT_FOUND: { status: 404 },
  GITHUB_ERROR: { status: 502 },
  GITHUB_NOT_FOUND: { status: 404 },
  PROJECT_EXISTS: { status: 409 },
  PROJECT_NAME: { status: 400 },
  PROJECT_NOT_FOUND: { status: 404 },
  PROJECT_NO_REPOSITORY: { status: 409 },
  PROJECT_REPOS: { status: 400 },
  REPO_IN_PROJECT: { status: 409 },
  REPO_NOT_REGISTERED: { status: 404 },
  // patrick (webhooks and jobs)
  JOB_NOT_ACTIVE: { status: 404 },
  JOB_NOT_ARCHIVED: { status: 404 },
  JOB_NOT_ASSIGNED: { status: 409 },
  JOB_NOT_FOUND: { status: 404 },
  LOG_NOT_READY: { status: 404 },
  WEBHOOK_BAD_JSON: { status: 400 },
  WEBHOOK_BAD_SIGNATURE: { status: 401 },
  WEBHOOK_DELETE: { status: 400 },
  WEBHOOK_EVENT: { status: 400 },
  WEBHOOK_NO_PROJECT: { status: 400 },
  WEBHOOK_PAYLOAD: { status: 400 },
  WEBHOOK_TOO_LARGE: { status: 413 },
  WEBHOOK_UNKNOWN_HOOK: { status: 401 },
  WEBHOOK_UNSIGNED: { status: 401 },
  WEBHOOK_WRONG_REPOSITORY: { status: 401 },
  // tns and hoarder
  BLOB_NOT_FOUND: { status: 404 },
  DATABASE_BAD_REQUEST: { status: 400 },
  DATABASE_FULL: { status: 507 },
  DATABASE_UNAVAILABLE: { status: 503 },
  STORAGE_FULL: { status: 507 },
  DATABASE_KEY_NOT_FOUND: { status: 404 },
  HOARDER_BAD_CID: { status: 400 },
  HOARDER_CID_MISMATCH: { status: 400 },
  HOARDER_CORRUPT: { status: 500 },
  HOARDER_NOT_FOUND: { status: 404 },
  TNS_BAD_BATCH: { status: 400 },
  TNS_BAD_PATH: { status: 400 },
  TNS_MOVING: { status: 502 },
  // builds (monkey, compiler, builder)
  BUILDER_STOPPED: { status: 500 },
  BUILD_ABORTED: { status: 499 },
  BUILD_COMPILE: { status: 422 },
  BUILD_CONFIG: { status: 422 },
  BUILD_CRASH: { status: 422 },
  BUILD_INVALID_WASM: { status: 422 },
  BUILD_NO_ENTRY: { status: 422 },
  BUILD_REPO_KIND: { status: 422 },
  BUILD_SOURCE_LINK: { status: 422 },
  BUILD_SOURCE_MISSING: { status: 422 },
  BUILD_SOURCE_OUTSIDE: { status: 422 },
  BUILD_WEBSITE_EMPTY: { status: 422 },
  BUILD_WEBSITE_SCRIPT: { status: 422 },
  BUILD_WEBSITE_TOO_LARGE: { status: 422 },
  BUILD_WEBSITE_UNCONTAINED: { status: 422 },
  ZIP_INVALID: { status: 500 },
  ZIP_TOO_LARGE: { status: 500 },
  REPOSITORY_LISTED_TWICE: { status: 409 },
  CONFIG_DOMAIN_UNOWNED: { status: 422 },
  CONFIG_INVALID: { status: 422 },
  CONFIG_MISSING: { status: 422 },
  CONFIG_PROJECT_MISMATCH: { status: 422 },
  CONFIG_TOO_LARGE: { status: 422 },
  CONFIG_YAML: { status: 422 },
  // Go functions (go-builder.ts, go-toolchain.ts) and the import check
  BUILD_GO_MODULES: { status: 422 },
  BUILD_UNSUPPORTED_IMPORT: { status: 422 },
  GO_TOOLCHAIN: { status: 422 },
  // functions (substrate and the vm)
  FUNCTION_CRASH: { status: 500 },
  FUNCTION_EXPORT: { status: 500 },
  FUNCTION_LOAD: { status: 500 },
  FUNCTION_MEMORY: { status: 500 },
  FUNCTION_RESPONSE_TOO_LARGE: { status: 500 },
  FUNCTION_TIMEOUT: { status: 504 },
  FUNCTION_TRAP: { status: 500 },
  P2P_COMMAND_NOT_FOUND: { status: 404 },
  HOST_CALL_UNKNOWN: { status: 500 },
  RUNTIME_STOPPED: { status: 503 },
  // git host
  GITHOST_AUTH_REQUIRED: { status: 401 },
  GITHOST_BAD_CREDENTIALS: { status: 401 },
  GITHOST_BAD_HOOK_EVENTS: { status: 422 },
  GITHOST_BAD_HOOK_URL: { status: 422 },
  GITHOST_BAD_URL: { status: 400 },
  GITHOST_BAD_JSON: { status: 400 },
  GITHOST_BAD_KEY: { status: 422 },
  GITHOST_BAD_LOGIN: { status: 400 },
  GITHOST_BAD_REPO_NAME: { status: 422 },
  GITHOST_BODY_TOO_LARGE: { status: 413 },
  GITHOST_BRANCH_NOT_FOUND: { status: 404 },
  GITHOST_DB_CORRUPT: { status: 500 },
  GITHOST_FORBIDDEN: { status: 403 },
  GITHOST_GIT_FAILED: { status: 500 },
  GITHOST_GIT_SPAWN: { status: 500 },
  GITHOST_HOOK_NOT_FOUND: { status: 404 },
  GITHOST_HOOK_TARGET: { status: 422 },
  GITHOST_KEY_IN_USE: { status: 422 },
  GITHOST_KEY_NOT_FOUND: { status: 404 },
  GITHOST_NOT_FOUND: { status: 404 },
  GITHOST_NOT_STARTED: { status: 500 },
  GITHOST_REPO_EXISTS: { status: 409 },
  GITHOST_USER_NOT_FOUND: { status: 404 }
} as const satisfies Record<string, { status: number }>

export type ErrorCode = keyof typeof ERRORS

/** The codes whose status is `S` (the codes a NotFoundError, a ConflictError... may carry). */
export type CodeWithStatus<S extends number> = {
  [C in ErrorCode]: (typeof ERRORS)[C]['status'] extends S ? C : never
}[ErrorCode]

/** The HTTP status of `code`. */
export function statusOf(code: ErrorCode): number {
  return ERRORS[code].status
}

/**
 * A code that came over the wire from another part of dream (a p2p reply, the control API, a service's HTTP
 * API): it is one of this catalogue, or else `fallback`; an unknown code is never trusted.
 */
export function receivedCode(code: unknown, fallback: ErrorCode): ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code) ? (code as ErrorCode) : fallback
}

export interface DreamErrorOptions {
  expose?: boolean
  cause?: unknown
}

/** An error of dream: its status is its code's, from the table above. */
export class DreamError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly expose: boolean

  constructor(code: ErrorCode, message: string, o: DreamErrorOptions = {}) {
    super(message, { cause: o.cause })
    this.name = new.target.name
    this.code = code
    this.status = statusOf(code)
    this.expose = o.expose ?? this.status < 500
  }
}

/** A named thing does not exist (universe, service, project, job...). */
export class NotFoundError extends DreamError {
  declare readonly code: CodeWithStatus<404>
  constructor(code: CodeWithStatus<404>, message: string, o: DreamErrorOptions = {}) {
    super(code, message, o)
  }
}

/** The caller sent something malformed or unknown. */
export class InvalidInputError extends DreamError {
  declare readonly code: CodeWithStatus<400>
  constructor(code: CodeWithStatus<400>, message: string, o: DreamErrorOptions = {}) {
    super(code, message, o)
  }
}

/** The request conflicts with current state (already exists, already running). */
export class ConflictError extends DreamError {
  declare readonly code: CodeWithStatus<409>
  constructor(code: CodeWithStatus<409>, message: string, o: DreamErrorOptions = {}) {
    super(code, message, o)
  }
}

/** Missing or wrong credentials or signature. */
export class UnauthorizedError extends DreamError {
  declare readonly code: CodeWithStatus<401>
  constructor(code: CodeWithStatus<401>, message: string, o: DreamErrorOptions = {}) {
    super(code, message, o)
  }
}

/** Something took longer than its limit. */
export class TimeoutError extends DreamError {
  declare readonly code: CodeWithStatus<504>
  constructor(code: CodeWithStatus<504>, message: string, o: DreamErrorOptions = {}) {
    super(code, message, o)
  }
}

/** A build failed; the message carries the readable reason (file and line where known). */
export class BuildError extends DreamError {
  declare readonly code: CodeWithStatus<422>
  constructor(code: CodeWithStatus<422>, message: string, o: DreamErrorOptions = {}) {
    super(code, message, o)
  }
}

/** A build stopped because its signal fired (the job was cancelled or the builder stopped). */
export function buildAborted(): DreamError {
  return new DreamError('BUILD_ABORTED', 'build aborted')
}

/** Turns anything thrown into a message fit for a log line or a JSON error body. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
