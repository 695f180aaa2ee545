/**
 * YAML writers for the CLI that creates resources (what tau's console/CLI write into a config repo).
 * The output uses the current field spellings and reads back through compileProject unchanged.
 */
import { stringify } from 'yaml'

export interface FunctionYamlInput {
  id: string
  description: string
  /** `https` unless said otherwise, as the console creates secure HTTP functions. */
  type?: 'http' | 'https'
  method: string
  paths: string[]
  /** Domain names (not ids). */
  domains: string[]
  source: string
  timeout: string
  memory: string
  call: string
  tags?: string[]
}

/** A function on a `p2p` trigger: it runs for `command` sent on the protocol of the service `service`. */
export interface P2PFunctionYamlInput {
  id: string
  description: string
  /** The name of a `services/` resource (the compiler also takes its protocol). */
  service: string
  command: string
  source: string
  timeout: string
  memory: string
  call: string
}

export function renderP2PFunctionYaml(f: P2PFunctionYamlInput): string {
  return stringify({
    id: f.id,
    description: f.description,
    tags: [],
    trigger: { type: 'p2p', protocol: f.service, command: f.command, local: false },
    source: f.source,
    execution: { timeout: f.timeout, memory: f.memory, call: f.call }
  })
}

export function renderFunctionYaml(f: FunctionYamlInput): string {
  return stringify({
    id: f.id,
    description: f.description,
    tags: f.tags ?? [],
    trigger: {
      type: f.type ?? 'https',
      method: f.method.toUpperCase(),
      paths: f.paths,
      domains: f.domains
    },
    source: f.source,
    execution: { timeout: f.timeout, memory: f.memory, call: f.call }
  })
}

export interface MessagingYamlInput {
  id: string
  description?: string
  /** The channel's name, or a regular expression when `regex`. */
  match: string
  regex?: boolean
  /** Whether browsers may join the channel over a websocket. */
  websocket: boolean
}

export function renderMessagingYaml(m: MessagingYamlInput): string {
  return stringify({
    id: m.id,
    description: m.description ?? '',
    tags: [],
    local: false,
    channel: { regex: m.regex ?? false, match: m.match },
    bridges: { mqtt: { enable: false }, websocket: { enable: m.websocket } }
  })
}

export interface DomainYamlInput {
  id: string
  description?: string
  fqdn: string
}

export function renderDomainYaml(d: DomainYamlInput): string {
  return stringify({
    id: d.id,
    description: d.description ?? '',
    tags: [],
    fqdn: d.fqdn,
    certificate: { type: 'auto' }
  })
}

export interface ProjectYamlInput {
  id: string
  name: string
  description: string
  email?: string
}

export function renderProjectYaml(p: ProjectYamlInput): string {
  const doc: Record<string, unknown> = { id: p.id, name: p.name, description: p.description, tags: [] }
  if (p.email !== undefined && p.email !== '') doc.notification = { email: p.email }
  return stringify(doc)
}

export interface DatabaseYamlInput {
  id: string
  description?: string
  match: string
  /** With units, as written in YAML (`1MB`). */
  size: string
}

/** A database resource (databases/<name>.yaml) matched by exact name, reachable from every network. */
export function renderDatabaseYaml(d: DatabaseYamlInput): string {
  return stringify({
    id: d.id,
    description: d.description ?? '',
    tags: [],
    match: d.match,
    useRegex: false,
    access: { network: 'all' },
    storage: { size: d.size }
  })
}

export interface StorageYamlInput {
  id: string
  description?: string
  match: string
  /** With units, as written in YAML (`10MB`). */
  size: string
  versioning: boolean
}

/** An object storage (storages/<name>.yaml) matched by exact name, reachable from every network. */
export function renderStorageYaml(st: StorageYamlInput): string {
  return stringify({
    id: st.id,
    description: st.description ?? '',
    tags: [],
    match: st.match,
    useRegex: false,
    access: { network: 'all' },
    object: { versioning: st.versioning, size: st.size }
  })
}

export interface ServiceYamlInput {
  id: string
  description?: string
  /** The libp2p protocol its p2p functions serve (`/echo/v1`). */
  protocol: string
}

/** A service (services/<name>.yaml): the protocol p2p functions are called on. */
export function renderServiceYaml(sv: ServiceYamlInput): string {
  return stringify({ id: sv.id, description: sv.description ?? '', tags: [], protocol: sv.protocol })
}
