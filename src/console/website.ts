import { access, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { NAME_RE } from '../compiler/index.js'
import { ConflictError, DreamError, InvalidInputError, NotFoundError } from '../shared/errors.js'
import { generateId } from '../shared/ids.js'
import { checkName } from '../shared/names.js'
import { packageRoot } from '../shared/package-root.js'
import type { Console, RepoView } from './console.js'
import { request, withCredentials, type ConsoleSession } from './session.js'
import { editRepo } from './workspace.js'

export interface WebsiteView {
  name: string
  project: string
  fqdn: string
  path: string
  url: string
  domain: string
  template: string
  repo: RepoView
}

interface GitRepo {
  id: number
  full_name: string
  clone_url: string
}

const DEFAULT_DOMAIN = 'GeneratedDomain'

const exists = async (p: string): Promise<boolean> =>
  await access(p).then(
    () => true,
    () => false
  )

const templatesDir = (): string => join(packageRoot(), 'templates', 'websites')

/** The website templates (templates/websites/<name>/): each folder is a repository's first commit. */
async function websiteTemplates(): Promise<string[]> {
  const entries = await readdir(templatesDir(), { withFileTypes: true }).catch(() => [])
  return entries
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort()
}

/**
 * Creates a website as tau's console does: its own repository `tb_website_<name>` on the git host with the
 * template as its first commit, registered with auth (a webhook and a deploy key, no project: the config names
 * it), then `websites/<name>.yaml` in the config repository pointing at it. The template is checked before
 * anything is made; when the config cannot take the website (no such domain, a website of that name already) the
 * repository is removed again.
 */
export async function newWebsite(
  c: Console,
  s: ConsoleSession,
  name: string,
  o: { project: string; template?: string; domain?: string; path?: string }
): Promise<WebsiteView> {
  checkName('website', name, NAME_RE, 'use letters, digits and _, not starting with a digit', 'WEBSITE_NAME')
  const path = o.path ?? '/'
  if (!path.startsWith('/')) throw new InvalidInputError('WEBSITE_PATH', `--path must start with /, not "${path}"`)
  const template = o.template ?? 'static'
  const known = await websiteTemplates()
  if (!known.includes(template))
    throw new InvalidInputError(
      'UNKNOWN_TEMPLATE',
      `unknown website template "${template}"; templates: ${known.join(', ')}`
    )
  const p = await c.project(o.project)
  const domain = o.domain ?? DEFAULT_DOMAIN
  if (o.domain === undefined) {
    // The generated domain, made on first use as `dream new function` does.
    await c.newDomain(DEFAULT_DOMAIN, { project: p.id }).catch((err: unknown) => {
      if (!(err instanceof ConflictError && err.code === 'DOMAIN_EXISTS')) throw err
    })
  }
  let repo: GitRepo
  try {
    repo = await request<GitRepo>(s, 'git', 'POST', '/user/repos', { name: `tb_website_${name}`, description: '' })
  } catch (err) {
    if (err instanceof ConflictError)
      throw new ConflictError('WEBSITE_EXISTS', `a repository tb_website_${name} already exists (${err.message})`)
    throw err
  }
  let fqdn = ''
  try {
    // The template goes in before the webhook exists: a push before the config lists the repository would be
    // refused. The website builds on its first push after its config is built (`dream inject push-website`).
    await editRepo(
      repo.clone_url,
      s,
      `init website ${name} from template ${template}`,
      async dir => {
        await cp(join(templatesDir(), template), dir, { recursive: true })
      },
      { fresh: true }
    )
    await request(s, 'auth', 'PUT', `/repository/github/${repo.id}`)
    await editRepo(p.config.url, s, `website ${name} from template ${template}`, async dir => {
      const file = join(dir, 'websites', `${name}.yaml`)
      if (await exists(file))
        throw new ConflictError('WEBSITE_EXISTS', `project ${p.name} already has a website ${name}`)
      fqdn = await domainFqdn(dir, p.name, domain)
      await mkdir(join(dir, 'websites'), { recursive: true })
      await writeFile(file, websiteYaml(generateId(p.id, name), domain, path, repo))
    })
  } catch (err) {
    await request(s, 'auth', 'DELETE', `/repository/github/${repo.id}`).catch(() => {})
    await request(s, 'git', 'DELETE', `/repos/${repo.full_name}`).catch(() => {})
    throw err
  }
  return {
    name,
    project: p.name,
    fqdn,
    path,
    url: `http://${fqdn}${path}`,
    domain,
    template,
    repo: { id: String(repo.id), fullname: repo.full_name, url: withCredentials(s, repo.clone_url) }
  }
}

/** The website YAML in tau's shape (domains by name; source: paths, branch and the repository). */
function websiteYaml(id: string, domain: string, path: string, repo: GitRepo): string {
  return stringify({
    id,
    description: '',
    tags: [],
    domains: [domain],
    source: { paths: [path], branch: 'main', github: { id: String(repo.id), fullname: repo.full_name } }
  })
}

async function domainFqdn(configDir: string, project: string, domain: string): Promise<string> {
  const file = join(configDir, 'domains', `${domain}.yaml`)
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined)
    throw new NotFoundError(
      'DOMAIN_NOT_FOUND',
      `project ${project} has no domain ${domain} ` +
        `(add one with \`dream new domain ${domain} --project ${project} --fqdn <host>\`)`
    )
  const fqdn = (parse(text) as { fqdn?: unknown } | null)?.fqdn
  if (typeof fqdn !== 'string' || fqdn === '')
    throw new DreamError('DOMAIN_FQDN', `domain ${domain} of project ${project} has no fqdn`, { status: 409 })
  return fqdn
}
