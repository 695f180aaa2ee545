/** The per-universe git host (GitHub stand-in): REST API, smart-HTTP git, push webhooks. */
export { GitHost, type GitHostOptions } from './host.js'
export type { User, RepoRecord, HookRecord, DeployKeyRecord, UserRecord } from './model.js'
export type { NewRepo, NewHook, NewKey } from './host-admin.js'
export { signatures, type Delivery } from './webhooks.js'
export { ZERO_SHA } from './repo-fs.js'
