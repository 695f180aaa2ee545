import LightningFS from '@isomorphic-git/lightning-fs'
import git from 'isomorphic-git'
import http from 'isomorphic-git/http/web'
import { parse } from 'yaml'
import type { ProjectRef } from './api.js'

export type RepoKind = 'config' | 'code'
export interface Change {
  path: string
  before: string | undefined
  after: string
}
export interface FunctionEntry {
  name: string
  method: string
  path: string
  domains: string[]
  fqdn: string
  pushed: boolean
  /** False for a function on a p2p trigger (its method is `P2P`, its path the protocol and command). */
  http: boolean
}
export interface DomainEntry {
  name: string
  fqdn: string
  pushed: boolean
}

const DIRS: Record<RepoKind, string> = { config: '/config', code: '/code' }
const text = new TextDecoder()

/**
 * A project's two repositories cloned in the browser (IndexedDB through lightning-fs) by isomorphic-git, through
 * the daemon's same-origin git proxy, plus the files the user changed and has not pushed yet. Push writes them,
 * commits in each repository and pushes config first, then code, as `dream new function` does.
 */
export class Workspace {
  readonly project: ProjectRef
  readonly #universe: string
  readonly #fs: LightningFS
  readonly pending: Record<RepoKind, Map<string, string>> = { config: new Map(), code: new Map() }

  constructor(universe: string, project: ProjectRef) {
    this.#universe = universe
    this.project = project
    this.#fs = new LightningFS(`dream-${universe}-${project.id}`, { wipe: true })
  }

  #url(kind: RepoKind): string {
    return `${location.origin}/git/${encodeURIComponent(this.#universe)}/${this.project[kind]}.git`
  }

  async open(): Promise<void> {
    for (const kind of ['config', 'code'] as const) {
      await git.clone({ fs: this.#fs, http, dir: DIRS[kind], url: this.#url(kind), ref: 'main', singleBranch: true })
    }
  }

  /** A file as committed (undefined when there is none). */
  async committed(kind: RepoKind, path: string): Promise<string | undefined> {
    const data = await this.#fs.promises.readFile(`${DIRS[kind]}/${path}`).catch(() => undefined)
    return data === undefined ? undefined : typeof data === 'string' ? data : text.decode(data)
  }

  /** A file as the user sees it: pending edits over the committed one. */
  async read(kind: RepoKind, path: string): Promise<string | undefined> {
    return this.pending[kind].get(path) ?? (await this.committed(kind, path))
  }

  async #yamls(folder: string): Promise<Array<{ name: string; doc: Record<string, unknown>; pushed: boolean }>> {
    const names = new Set<string>()
    const committed = new Set<string>()
    for (const f of await this.#fs.promises.readdir(`${DIRS.config}/${folder}`).catch(() => [] as string[])) {
      if (f.endsWith('.yaml')) committed.add(f.slice(0, -5))
    }
    for (const n of committed) names.add(n)
    for (const p of this.pending.config.keys()) {
      const m = new RegExp(`^${folder}/([^/]+)\\.yaml$`).exec(p)
      if (m?.[1] !== undefined) names.add(m[1])
    }
    const out = []
    for (const name of [...names].sort()) {
      const raw = (await this.read('config', `${folder}/${name}.yaml`)) ?? ''
      const doc = (parse(raw) ?? {}) as Record<string, unknown>
      out.push({ name, doc, pushed: committed.has(name) && !this.pending.config.has(`${folder}/${name}.yaml`) })
    }
    return out
  }

  async domains(): Promise<DomainEntry[]> {
    return (await this.#yamls('domains')).map(d => ({ name: d.name, fqdn: String(d.doc.fqdn ?? ''), pushed: d.pushed }))
  }

  async functions(): Promise<FunctionEntry[]> {
    const fqdns = new Map((await this.domains()).map(d => [d.name, d.fqdn]))
    return (await this.#yamls('functions')).map(f => {
      const trigger = (f.doc.trigger ?? {}) as {
        type?: string
        method?: string
        paths?: string[]
        domains?: string[]
        protocol?: string
        service?: string
        command?: string
      }
      const domains = trigger.domains ?? []
      const p2p = trigger.type === 'p2p'
      return {
        name: f.name,
        method: p2p ? 'P2P' : (trigger.method ?? 'GET'),
        path: p2p
          ? `${trigger.protocol ?? trigger.service ?? ''} ${trigger.command ?? ''}`
          : (trigger.paths?.[0] ?? '/'),
        domains,
        fqdn: fqdns.get(domains[0] ?? '') ?? '',
        pushed: f.pushed,
        http: !p2p
      }
    })
  }

  /** A function's files in the code repository (`functions/<name>/…`, pending edits included), by relative path. */
  async codeFiles(name: string): Promise<Record<string, string>> {
    const root = `functions/${name}`
    const out: Record<string, string> = {}
    const walk = async (rel: string): Promise<void> => {
      for (const entry of await this.#fs.promises.readdir(`${DIRS.code}/${root}${rel}`).catch(() => [] as string[])) {
        const path = `${rel}/${entry}`
        const stat = await this.#fs.promises.stat(`${DIRS.code}/${root}${path}`)
        if (stat.isDirectory()) await walk(path)
        else out[path.slice(1)] = (await this.read('code', `${root}${path}`)) ?? ''
      }
    }
    await walk('')
    for (const [path, text] of this.pending.code)
      if (path.startsWith(`${root}/`)) out[path.slice(root.length + 1)] = text
    return out
  }

  /** Records an edit of a code file, or forgets it when the text is back to what is committed. */
  async editCode(path: string, text: string): Promise<void> {
    if ((await this.committed('code', path)) === text) this.pending.code.delete(path)
    else this.pending.code.set(path, text)
  }

  /** The pending files of one repository with what they replace. */
  async changes(kind: RepoKind): Promise<Change[]> {
    const out: Change[] = []
    for (const [path, after] of [...this.pending[kind]].sort(([a], [b]) => a.localeCompare(b))) {
      out.push({ path, before: await this.committed(kind, path), after })
    }
    return out
  }

  get dirty(): boolean {
    return this.pending.config.size + this.pending.code.size > 0
  }

  /** Commits the pending files of each repository that has some and pushes it (config first). */
  async push(message: string, login: string): Promise<string[]> {
    const author = { name: login, email: `${login}@users.noreply.dream.local` }
    const shas: string[] = []
    for (const kind of ['config', 'code'] as const) {
      const files = this.pending[kind]
      if (files.size === 0) continue
      const dir = DIRS[kind]
      for (const [path, content] of files) {
        await this.#mkdirs(dir, path)
        await this.#fs.promises.writeFile(`${dir}/${path}`, content, 'utf8')
        await git.add({ fs: this.#fs, dir, filepath: path })
      }
      shas.push(await git.commit({ fs: this.#fs, dir, message, author }))
      await git.push({ fs: this.#fs, http, dir, url: this.#url(kind), ref: 'main', remoteRef: 'main' })
      files.clear()
    }
    return shas
  }

  async #mkdirs(dir: string, path: string): Promise<void> {
    const parts = path.split('/').slice(0, -1)
    let at = dir
    for (const p of parts) {
      at = `${at}/${p}`
      await this.#fs.promises.mkdir(at).catch(() => {})
    }
  }
}
