import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { NAME_RE } from '../compiler/index.js'
import { InvalidInputError, NotFoundError } from '../shared/errors.js'
import { generateId } from '../shared/ids.js'
import { checkName } from '../shared/names.js'
import { requireGo } from '../shared/go-toolchain.js'
import { packageRoot } from '../shared/package-root.js'
import type { ProjectView, RepoView } from './views.js'
import { newResourceRepo } from './resource-repo.js'
import { withCredentials, type ConsoleSession } from './session.js'
import type { TemplateLanguage } from './templates.js'

export interface LibraryView {
  name: string
  project: string
  template: string
  language: TemplateLanguage
  /** The handlers the template exports, for functions' `execution.call`. */
  calls: string[]
  repository: RepoView
}

/** templates/libraries/<name>/: template.yaml and one folder per language, the library repository's content. */
const librariesDir = (): string => join(packageRoot(), 'templates', 'libraries')

async function libraryTemplate(
  name: string,
  language: TemplateLanguage
): Promise<{ dir: string; description: string; calls: string[] }> {
  const known = (await readdir(librariesDir(), { withFileTypes: true })).filter(e => e.isDirectory()).map(e => e.name)
  if (!known.includes(name))
    throw new InvalidInputError(
      'UNKNOWN_TEMPLATE',
      `unknown library template "${name}"; library templates: ${known.sort().join(', ')}`
    )
  const meta = parse(await readFile(join(librariesDir(), name, 'template.yaml'), 'utf8')) as {
    description?: string
    calls?: string[]
  }
  return { dir: join(librariesDir(), name, language), description: meta.description ?? '', calls: meta.calls ?? [] }
}

/** A library's YAML in the config repository, in the shape tau's compiler reads (`libraries/<name>.yaml`). */
function renderLibraryYaml(l: { id: string; description: string; repoId: string; fullname: string }): string {
  return stringify({
    id: l.id,
    description: l.description,
    tags: [],
    source: { path: '/', branch: 'main', github: { id: l.repoId, fullname: l.fullname } }
  })
}

/**
 * What the console does for a new library: its own repository `tb_library_<name>` with the template's code, and
 * `libraries/<name>.yaml` in the config repository (resource-repo.ts). It builds on its first push after the
 * config lists it (`dream inject push-library`).
 */
export async function newLibrary(
  s: ConsoleSession,
  p: ProjectView,
  name: string,
  o: { template?: string; language?: TemplateLanguage } = {}
): Promise<LibraryView> {
  checkName('library', name, NAME_RE, 'use letters, digits and _, not starting with a digit', 'LIBRARY_NAME')
  const language = o.language ?? 'go'
  const template = o.template ?? 'ping_pong'
  const t = await libraryTemplate(template, language)
  if (language === 'go') await requireGo()
  const r = await newResourceRepo(s, p, {
    kind: 'library',
    name,
    description: t.description,
    template,
    templateDir: t.dir,
    configFolder: 'libraries',
    existsCode: 'LIBRARY_EXISTS',
    writeConfig: async (_dir, file, repo) => {
      const yaml = { id: generateId(p.id, name), description: t.description, repoId: String(repo.id) }
      await writeFile(file, renderLibraryYaml({ ...yaml, fullname: repo.full_name }))
    }
  })
  return {
    name,
    project: p.name,
    template,
    language,
    calls: t.calls,
    repository: { id: String(r.id), fullname: r.full_name, url: withCredentials(s, r.clone_url) }
  }
}

/** Refuses a function that names a library its project's config (checked out at `configDir`) does not have. */
export async function requireLibrary(configDir: string, project: string, library: string): Promise<void> {
  const known = (await readdir(join(configDir, 'libraries')).catch(() => []))
    .filter(f => f.endsWith('.yaml'))
    .map(f => f.replace(/\.yaml$/, ''))
  if (!known.includes(library))
    throw new NotFoundError(
      'LIBRARY_NOT_FOUND',
      `project ${project} has no library ${library}; libraries: ${known.join(', ') || 'none'} ` +
        `(add one with \`dream new library ${library} --project ${project}\`)`
    )
}
