import { readdir, readFile, cp } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { InvalidInputError } from '../shared/errors.js'
import { packageRoot } from '../shared/package-root.js'
import type {
  TemplateChannel,
  TemplateDatabase,
  TemplateResources,
  TemplateService,
  TemplateStorage
} from './template-resources.js'

/** Languages every template is written in; `go` first, as Taubyte's console offers it. */
const LANGUAGES = ['go', 'assemblyscript'] as const
export type TemplateLanguage = (typeof LANGUAGES)[number]
const DEFAULT_LANGUAGE: TemplateLanguage = 'go'

/**
 * A function template: its metadata (template.yaml) and the folder copied into the code repo, one per language
 * (templates/<name>/go/, templates/<name>/assemblyscript/).
 */
export interface FunctionTemplate extends TemplateResources {
  name: string
  language: TemplateLanguage
  description: string
  /** `p2p`: the function runs for a command sent on a service's protocol (`service`, `command`), not for HTTP. */
  type: 'http' | 'https' | 'p2p'
  method: string
  paths: string[]
  /** The `services/` resource a p2p function serves, and its command (empty for HTTP functions). */
  service: string
  command: string
  timeout: string
  memory: string
  call: string
  codeDir: string
  /**
   * Functions made with this one (template.yaml `companions:`): each from templates/<name>/<suffix>/, which has
   * its own template.yaml and code folders, named `<function name>_<suffix>`.
   */
  companions: CompanionTemplate[]
}

interface CompanionTemplate extends FunctionTemplate {
  suffix: string
}

interface Execution {
  timeout?: string
  memory?: string
  call?: string
}

function templatesDir(): string {
  return join(packageRoot(), 'templates')
}

/** The function templates: the folders of templates/ that hold a template.yaml. */
export async function listTemplates(): Promise<string[]> {
  const entries = await readdir(templatesDir(), { withFileTypes: true })
  const names: string[] = []
  for (const e of entries) {
    if (
      e.isDirectory() &&
      (await readFile(join(templatesDir(), e.name, 'template.yaml')).then(
        () => true,
        () => false
      ))
    )
      names.push(e.name)
  }
  return names.sort()
}

export function parseLanguage(s: string): TemplateLanguage {
  const l = LANGUAGES.find(x => x === s.toLowerCase())
  if (l === undefined) {
    throw new InvalidInputError('UNKNOWN_LANGUAGE', `unknown language "${s}"; languages: ${LANGUAGES.join(', ')}`)
  }
  return l
}

export async function loadTemplate(name: string, language = DEFAULT_LANGUAGE): Promise<FunctionTemplate> {
  const known = await listTemplates()
  if (!known.includes(name))
    throw new InvalidInputError('UNKNOWN_TEMPLATE', `unknown template "${name}"; templates: ${known.join(', ')}`)
  return await templateIn(join(templatesDir(), name), name, language)
}

/** The template whose template.yaml and code folders are in `dir`, with its companions. */
async function templateIn(dir: string, name: string, language: TemplateLanguage): Promise<FunctionTemplate> {
  const meta = parse(await readFile(join(dir, 'template.yaml'), 'utf8')) as {
    description?: string
    trigger?: { type?: string; method?: string; paths?: string[]; service?: string; command?: string }
    execution?: Execution
    /** What differs per language (e.g. Go's runtime needs more memory than AssemblyScript's). */
    languages?: Partial<Record<TemplateLanguage, { execution?: Execution }>>
    databases?: Array<Partial<TemplateDatabase>>
    messaging?: Array<Partial<TemplateChannel>>
    storages?: Array<Partial<TemplateStorage>>
    services?: Array<Partial<TemplateService>>
    companions?: string[]
  }
  const execution = { ...meta.execution, ...meta.languages?.[language]?.execution }
  const type = meta.trigger?.type
  const companions: CompanionTemplate[] = []
  for (const suffix of meta.companions ?? []) {
    companions.push({ ...(await templateIn(join(dir, suffix), `${name}_${suffix}`, language)), suffix })
  }
  return {
    name,
    language,
    description: meta.description ?? '',
    type: type === 'http' || type === 'p2p' ? type : 'https',
    method: meta.trigger?.method ?? 'GET',
    paths: meta.trigger?.paths ?? ['/'],
    service: meta.trigger?.service ?? '',
    command: meta.trigger?.command ?? '',
    timeout: execution.timeout ?? '10s',
    memory: execution.memory ?? '10MB',
    call: execution.call ?? name,
    codeDir: join(dir, language),
    databases: (meta.databases ?? []).map(d => ({
      name: String(d.name),
      match: String(d.match ?? d.name),
      size: String(d.size ?? '1MB')
    })),
    messaging: (meta.messaging ?? []).map(m => ({
      name: String(m.name ?? ''),
      match: String(m.match ?? m.name ?? ''),
      websocket: m.websocket === true
    })),
    storages: (meta.storages ?? []).map(st => ({
      name: String(st.name),
      match: String(st.match ?? st.name),
      size: String(st.size ?? '10MB'),
      versioning: st.versioning === true
    })),
    services: (meta.services ?? []).map(sv => ({ name: String(sv.name), protocol: String(sv.protocol) })),
    companions
  }
}

/** Copies a template's code folder (of its language) to `dest` (functions/<name>/ of a code repo checkout). */
export async function copyTemplateCode(t: FunctionTemplate, dest: string): Promise<void> {
  await cp(t.codeDir, dest, { recursive: true })
}

/** Every template in every language it has code for (what the web console's Templates picker offers). */
export async function allTemplates(): Promise<FunctionTemplate[]> {
  const out: FunctionTemplate[] = []
  for (const name of await listTemplates()) {
    for (const language of LANGUAGES) {
      const t = await loadTemplate(name, language)
      const hasCode = await readdir(t.codeDir).then(
        () => true,
        () => false
      )
      if (hasCode) out.push(t)
    }
  }
  return out
}

/** A template's code files as path (relative to its code folder, `/`-separated) → text, for the web console. */
export async function templateFiles(t: FunctionTemplate): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const e of await readdir(t.codeDir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const full = join(e.parentPath, e.name)
    out[relative(t.codeDir, full).split('\\').join('/')] = await readFile(full, 'utf8')
  }
  return out
}
