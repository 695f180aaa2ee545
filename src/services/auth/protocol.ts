import { bodyShape, objectShape } from '../../p2p/commands.js'

/** The `/auth/v1` commands (each takes `{action: 'get' | 'list', id?}`). */
export const AuthCommand = { projects: 'projects', repositories: 'repositories', hooks: 'hooks' } as const

interface ActionBody {
  action?: string
  id?: string | number
}
const action = bodyShape<ActionBody>(
  objectShape({ action: { enum: ['get', 'list'] }, id: { type: ['string', 'number'] } }, ['action']),
  'AUTH_ACTION'
)

/** The body each command takes, checked when it arrives. */
export const AuthBodies = {
  [AuthCommand.projects]: action,
  [AuthCommand.repositories]: action,
  [AuthCommand.hooks]: action
}

export interface IdsReply {
  ids: string[]
}
export interface HookIdsReply {
  hooks: string[]
}

/** A project as `projects {action: get}` answers. */
export interface ProjectInfo {
  id: string
  name: string
  provider: 'github'
  config: string
  code: string
}
/** A registered repository as `repositories {action: get}` answers; `project` is '' until one claims it. */
export interface RepositoryInfo {
  id: string
  provider: 'github'
  project: string
  key: string
  fullname: string
  clone_url: string
  hooks: string[]
}
/** A webhook as `hooks {action: get}` answers. */
export interface HookInfo {
  id: string
  provider: 'github'
  github_id: number
  secret: string
  repository: string
}

export type RepositoryKind = 'config' | 'code'

/** Whether a repository is its project's config or code repository (undefined: neither, e.g. a library). */
export function repositoryKind(
  repoId: string,
  project: Pick<ProjectInfo, 'config' | 'code'>
): RepositoryKind | undefined {
  return repoId === project.config ? 'config' : repoId === project.code ? 'code' : undefined
}
