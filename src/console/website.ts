import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { NAME_RE } from '../compiler/index.js'
import { DreamError, InvalidInputError, NotFoundError } from '../shared/errors.js'
import { generateId } from '../shared/ids.js'
import { checkName } from '../shared/names.js'
import { packageRoot } from '../shared/package-root.js'
import type { Console } from './console.js'
import type { RepoView } from './views.js'
import { type GitRepo, newResourceRepo } from './resource-repo.js'
import { withCredentials, type ConsoleSession } from './session.js'

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

const DEFAULT_DOMAIN = 'GeneratedDomain'

const templatesDir = (): string => join(packageRoot(), 'templates', 'websites')

/** The website templates (templates/websites/<name>/): each folder is a repository's first commit. */
export async function websiteTemplates(): Promise<string[]> {
  const entries = await readdir(templatesDir(), { withFileTypes: true }).catch(() => [])
  return entries
    .filter(e => e.isDirectory())
    .map(e => e.name)
    .sort()
}

/**
 * Creates a website as tau's console does: its own repository `tb_website_<name>` with the template, and
 * `websites/<name>.yaml` in the config repository pointing at it (resource-repo.ts). The template is checked
 * before anything is made; when the config cannot take the website (no such domain, a website of that name
 * already) the repository is removed again.
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
      if (!(err instanceof DreamError && err.code === 'DOMAIN_EXISTS')) throw err
    })
  }
  let fqdn = ''
  const repo = await newResourceRepo(s, p, {
    kind: 'website',
    name,
    description: '',
    template,
    templateDir: join(templatesDir(), template),
    configFolder: 'websites',
    existsCode: 'WEBSITE_EXISTS',
    writeConfig: async (dir, file, r) => {
      fqdn = await domainFqdn(dir, p.name, domain)
      await writeFile(file, websiteYaml(generateId(p.id, name), domain, path, r))
    }
  })
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
    throw new DreamError('DOMAIN_NO_FQDN', `domain ${domain} of project ${project} has no fqdn`)
  return fqdn
}
