import { mkdir, readdir, readFile, writeFile, access } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import {
  NAME_RE,
  renderDomainYaml,
  renderFunctionYaml,
  renderP2PFunctionYaml,
  renderProjectYaml
} from '../compiler/index.js'
import { ConflictError, DreamError, InvalidInputError, NotFoundError } from '../shared/errors.js'
import { generateId } from '../shared/ids.js'
import { checkHttpMethod, checkName } from '../shared/names.js'
import { request, withCredentials, type ConsoleSession } from './session.js'
import { requireGo } from '../shared/go-toolchain.js'
import { resourceFiles } from './template-resources.js'
import { copyTemplateCode, loadTemplate, type TemplateLanguage } from './templates.js'
import { generatedFqdn } from './generated-fqdn.js'
import { requireLibrary } from './library.js'
import type { DomainView, FunctionView, ProjectView, RepoView } from './views.js'
import { editRepo } from './workspace.js'

export type { FunctionView, ProjectView }

interface GitRepo {
  id: number
  name: string
  full_name: string
  clone_url: string
}
const exists = async (p: string): Promise<boolean> =>
  await access(p).then(
    () => true,
    () => false
  )

/**
 * What the web console does for a user, done from the CLI (or a test): create a project (two repositories on
 * the git host, registered with auth, a first config.yaml), add functions from templates and domains, each as a
 * commit pushed to the git host, which delivers the push webhooks that start the builds.
 */
export class Console {
  readonly #s: ConsoleSession

  constructor(session: ConsoleSession) {
    this.#s = session
  }

  async newProject(name: string, o: { description?: string; private?: boolean } = {}): Promise<ProjectView> {
    checkName('project', name, /^[A-Za-z0-9_-]+$/, 'use only letters, digits, - and _', 'PROJECT_NAME')
    const s = this.#s
    const created: GitRepo[] = []
    try {
      for (const repoName of [`tb_${name}`, `tb_code_${name}`]) {
        created.push(
          await request<GitRepo>(s, 'git', 'POST', '/user/repos', {
            name: repoName,
            description: o.description ?? '',
            private: o.private === true
          })
        )
      }
      const [config, code] = created as [GitRepo, GitRepo]
      for (const r of created) await request(s, 'auth', 'PUT', `/repository/github/${r.id}`)
      const { project } = await request<{ project: { id: string; name: string } }>(
        s,
        'auth',
        'POST',
        `/project/new/${name}`,
        {
          config: { provider: 'github', id: String(config.id) },
          code: { provider: 'github', id: String(code.id) },
          description: o.description ?? ''
        }
      )
      await editRepo(
        config.clone_url,
        s,
        `init ${name}`,
        async dir => {
          await writeFile(
            join(dir, 'config.yaml'),
            renderProjectYaml({
              id: project.id,
              name,
              description: o.description ?? '',
              email: `${s.login}@users.noreply.dream.local`
            })
          )
        },
        { fresh: true }
      )
      await editRepo(
        code.clone_url,
        s,
        `init ${name} code`,
        async dir => {
          await writeFile(
            join(dir, 'README.md'),
            `# ${name}: code\n\nOne folder per function under functions/<name>/, built to WebAssembly on every push.\n`
          )
        },
        { fresh: true }
      )
      return { id: project.id, name, config: this.#view(config), code: this.#view(code) }
    } catch (err) {
      // Nothing half-done: a failed creation removes the repositories it made (auth forgets them with them).
      for (const r of created) {
        await request(s, 'auth', 'DELETE', `/repository/github/${r.id}`).catch(() => {})
        await request(s, 'git', 'DELETE', `/repos/${r.full_name}`).catch(() => {})
      }
      if (err instanceof DreamError && err.status === 409)
        throw new ConflictError(
          'PROJECT_EXISTS',
          `a project or repository named ${name} already exists (${err.message})`
        )
      throw err
    }
  }

  async project(nameOrId: string): Promise<ProjectView> {
    const { projects } = await request<{ projects: Array<{ id: string; name: string }> }>(
      this.#s,
      'auth',
      'GET',
      '/projects'
    )
    const p = projects.find(x => x.name === nameOrId || x.id === nameOrId)
    if (p === undefined)
      throw new NotFoundError(
        'PROJECT_NOT_FOUND',
        `no project named ${nameOrId}; projects: ${projects.map(x => x.name).join(', ') || 'none'} ` +
          '(create one with `dream new project <name>`)'
      )
    const { project } = await request<{
      project: {
        repositories: {
          configuration: { id: string; fullname: string; url: string }
          code: { id: string; fullname: string; url: string }
        }
      }
    }>(this.#s, 'auth', 'GET', `/projects/${p.id}`)
    const { configuration, code } = project.repositories
    if (configuration.url === '' || code.url === '')
      throw new ConflictError(
        'PROJECT_NO_REPOSITORY',
        `project ${p.name} has no ${configuration.url === '' ? 'config' : 'code'} repository any more ` +
          '(were its repositories deleted, by clear-repos?); create a new project with `dream new project <name>`'
      )
    const v = (r: { id: string; fullname: string; url: string }): RepoView => ({
      id: r.id,
      fullname: r.fullname,
      url: r.url
    })
    return { id: p.id, name: p.name, config: v(project.repositories.configuration), code: v(project.repositories.code) }
  }

  /** `language` defaults to go; a Go function is refused before anything is pushed when go is missing or old. */
  async newFunction(
    name: string,
    o: {
      project: string
      template: string
      language?: TemplateLanguage
      domain?: string
      method?: string
      path?: string
      /** Run this library's module (`source: libraries/<name>`) instead of code of its own. */
      library?: string
      /** The export it runs (default: the template's). */
      call?: string
    }
  ): Promise<FunctionView> {
    checkName('function', name, NAME_RE, 'use letters, digits and _, not starting with a digit', 'FUNCTION_NAME')
    // Checked before anything is pushed: a bad method in the config repository would fail every later build.
    if (o.method !== undefined) checkHttpMethod(o.method)
    if (o.call !== undefined) checkName('call', o.call, NAME_RE, 'name an exported function', 'FUNCTION_NAME')
    const t = await loadTemplate(o.template, o.language)
    if (o.library !== undefined && t.companions.length > 0)
      throw new InvalidInputError(
        'FUNCTION_LIBRARY',
        `template ${t.name} makes more than one function; --library runs one library export, use another template`
      )
    const companions = t.companions.map(c => ({ name: `${name}_${c.suffix}`, t: c }))
    for (const c of companions) checkName('function', c.name, NAME_RE, 'use a shorter function name', 'FUNCTION_NAME')
    if (t.language === 'go' && o.library === undefined) await requireGo()
    const method = checkHttpMethod(o.method ?? t.method)
    const p = await this.project(o.project)
    const path = o.path ?? t.paths[0] ?? '/'
    if (!path.startsWith('/')) throw new InvalidInputError('FUNCTION_PATH', `--path must start with /, not "${path}"`)
    let fqdn = ''
    const domainName = o.domain ?? 'GeneratedDomain'
    await editRepo(p.config.url, this.#s, `function ${name} from template ${t.name}`, async dir => {
      const file = join(dir, 'functions', `${name}.yaml`)
      if (await exists(file))
        throw new ConflictError('FUNCTION_EXISTS', `project ${p.name} already has a function ${name}`)
      if (o.library !== undefined) await requireLibrary(dir, p.name, o.library)
      fqdn = await this.#ensureDomain(dir, p, domainName, o.domain === undefined)
      await mkdir(join(dir, 'functions'), { recursive: true })
      await writeFile(
        file,
        renderFunctionYaml({
          id: generateId(p.id, name),
          description: t.description,
          // A template's own function answers HTTP; only its companions run on other triggers.
          type: t.type === 'http' ? 'http' : 'https',
          method,
          paths: [path],
          domains: [domainName],
          source: o.library !== undefined ? `libraries/${o.library}` : '.',
          timeout: t.timeout,
          memory: t.memory,
          call: o.call ?? t.call
        })
      )
      // The companions (a p2p function its HTTP function calls), each from its own folder of the template.
      for (const c of companions) {
        const cfile = join(dir, 'functions', `${c.name}.yaml`)
        if (await exists(cfile))
          throw new ConflictError('FUNCTION_EXISTS', `project ${p.name} already has a function ${c.name}`)
        const common = { id: generateId(p.id, c.name), description: c.t.description, source: '.' }
        const execution = { timeout: c.t.timeout, memory: c.t.memory, call: c.t.call }
        await writeFile(
          cfile,
          c.t.type === 'p2p'
            ? renderP2PFunctionYaml({ ...common, ...execution, service: c.t.service, command: c.t.command })
            : renderFunctionYaml({
                ...common,
                ...execution,
                type: c.t.type,
                method: c.t.method,
                paths: c.t.paths,
                domains: [domainName]
              })
        )
      }
      // The databases, channels, storages and services the template's code uses, unless the project has them
      // already (a second counter shares the first one's database).
      for (const r of [t, ...t.companions].flatMap(resourceFiles)) {
        const rfile = join(dir, r.path)
        if (await exists(rfile)) continue
        await mkdir(join(rfile, '..'), { recursive: true })
        await writeFile(rfile, r.yaml(generateId(p.id, ...r.seed)))
      }
    })
    // A library function has no code of its own: the library's repository holds it.
    if (o.library === undefined)
      await editRepo(p.code.url, this.#s, `function ${name} code from template ${t.name}`, async dir => {
        for (const [fn, code] of [[name, t] as const, ...companions.map(c => [c.name, c.t] as const)]) {
          const dest = join(dir, 'functions', fn)
          if (await exists(dest))
            throw new ConflictError('FUNCTION_EXISTS', `the code repository already has functions/${fn}/`)
          await copyTemplateCode(code, dest)
        }
      })
    return {
      name,
      project: p.name,
      method,
      fqdn,
      path,
      url: `http://${fqdn}${path}`,
      domain: domainName,
      template: t.name,
      language: t.language,
      companions: companions.map(c =>
        c.t.type === 'p2p' ? `${c.name} (p2p: command ${c.t.command} on service ${c.t.service})` : c.name
      )
    }
  }

  async newDomain(name: string, o: { project: string; fqdn?: string }): Promise<DomainView> {
    checkName('domain', name, NAME_RE, 'use letters, digits and _, not starting with a digit', 'DOMAIN_NAME')
    const p = await this.project(o.project)
    let fqdn = ''
    await editRepo(p.config.url, this.#s, `domain ${name}`, async dir => {
      if (await exists(join(dir, 'domains', `${name}.yaml`)))
        throw new ConflictError('DOMAIN_EXISTS', `project ${p.name} already has a domain ${name}`)
      fqdn = await this.#ensureDomain(dir, p, name, true, o.fqdn)
    })
    return { name, project: p.name, fqdn }
  }

  /** Returns the fqdn of domain `name`, creating it (generated fqdn unless given) when allowed. */
  async #ensureDomain(dir: string, p: ProjectView, name: string, create: boolean, fqdn?: string): Promise<string> {
    const domains = join(dir, 'domains')
    const file = join(domains, `${name}.yaml`)
    if (await exists(file)) return String((parse(await readFile(file, 'utf8')) as { fqdn?: string }).fqdn ?? '')
    if (!create) {
      const known = (await readdir(domains).catch(() => [])).map(f => f.replace(/\.yaml$/, ''))
      throw new NotFoundError(
        'DOMAIN_NOT_FOUND',
        `project ${p.name} has no domain ${name}; domains: ${known.join(', ') || 'none'} ` +
          `(add one with \`dream new domain ${name} --project ${p.name} --fqdn <host>\`)`
      )
    }
    const chosen = fqdn ?? (await this.#generatedFqdn(domains, p.id))
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i.test(chosen))
      throw new InvalidInputError('DOMAIN_FQDN', `"${chosen}" is not a host name`)
    await mkdir(domains, { recursive: true })
    await writeFile(file, renderDomainYaml({ id: generateId(p.id, name), description: '', fqdn: chosen.toLowerCase() }))
    return chosen.toLowerCase()
  }

  /** The generated fqdn for a project, avoiding the fqdns of the domains its config already has. */
  async #generatedFqdn(domainsDir: string, projectId: string): Promise<string> {
    const taken = new Set<string>()
    for (const f of await readdir(domainsDir).catch(() => [])) {
      const fqdn = (parse(await readFile(join(domainsDir, f), 'utf8')) as { fqdn?: string } | null)?.fqdn
      if (typeof fqdn === 'string') taken.add(fqdn)
    }
    return generatedFqdn(projectId, this.#s.fqdn, taken)
  }

  #view(r: GitRepo): RepoView {
    return { id: String(r.id), fullname: r.full_name, url: withCredentials(this.#s, r.clone_url) }
  }
}
