import { parse } from 'yaml'
import { renderDomainYaml, renderFunctionYaml, renderP2PFunctionYaml } from '../../src/compiler/render.js'
import { parseDuration, parseSize } from '../../src/compiler/units.js'
import { NAME_RE } from '../../src/compiler/layout.js'
import { generatedFqdn } from '../../src/console/generated-fqdn.js'
import { checkHttpMethod, checkName } from '../../src/shared/names.js'
import type { TemplateResources } from '../../src/console/template-resources.js'
import type { Template } from './api.js'

/** What the New function form holds; the Yaml tab is `functionYaml` of it and parses back with `fromYaml`. */
export interface FunctionDraft {
  id: string
  name: string
  description: string
  type: 'http' | 'https'
  timeout: string
  memory: string
  method: string
  paths: string
  domains: string[]
  call: string
  template: string
  files: Record<string, string>
  /** The databases, channels, storages and services the template's code uses (see Template). */
  resources: TemplateResources
  /** The functions the template makes with this one (see Template.companions). */
  companions: Template['companions']
}

export const GENERATED_DOMAIN = 'GeneratedDomain'

export function emptyDraft(id: string): FunctionDraft {
  return {
    id,
    name: '',
    description: '',
    type: 'https',
    timeout: '10s',
    memory: '10MB',
    method: 'GET',
    paths: '/',
    domains: [],
    call: '',
    template: '',
    files: {},
    resources: { databases: [], messaging: [], storages: [], services: [] },
    companions: []
  }
}

/** The form filled from a template, keeping the id and a name already typed. */
export function fromTemplate(d: FunctionDraft, t: Template): FunctionDraft {
  return {
    ...d,
    name: d.name === '' ? t.name : d.name,
    description: t.description,
    // A template's own function answers HTTP; only its companions run on other triggers.
    type: t.type === 'http' ? 'http' : 'https',
    timeout: t.timeout,
    memory: t.memory,
    method: t.method,
    paths: t.paths.join(', '),
    domains: d.domains.length > 0 ? d.domains : [GENERATED_DOMAIN],
    call: t.call,
    template: `${t.language}/${t.name}`,
    files: { ...t.files },
    resources: { databases: t.databases, messaging: t.messaging, storages: t.storages, services: t.services },
    companions: t.companions
  }
}

const pathsOf = (d: FunctionDraft): string[] =>
  d.paths
    .split(',')
    .map(p => p.trim())
    .filter(p => p !== '')

/** The function's YAML, rendered by the same writer as `dream new function`. */
export function functionYaml(d: FunctionDraft): string {
  return renderFunctionYaml({
    id: d.id,
    description: d.description,
    type: d.type,
    method: d.method,
    paths: pathsOf(d),
    domains: d.domains,
    source: '.',
    timeout: d.timeout,
    memory: d.memory,
    call: d.call
  })
}

/** A companion's YAML: its trigger as the template says (an HTTP one on the draft's domains). */
export function companionYaml(d: FunctionDraft, c: Template['companions'][number], id: string): string {
  const common = { id, description: c.description, source: '.', timeout: c.timeout, memory: c.memory, call: c.call }
  if (c.type === 'p2p') return renderP2PFunctionYaml({ ...common, service: c.service, command: c.command })
  return renderFunctionYaml({ ...common, type: c.type, method: c.method, paths: c.paths, domains: d.domains })
}

/** The form as an edited YAML says (throws a readable error when the YAML is not a function's). */
export function fromYaml(d: FunctionDraft, yaml: string): FunctionDraft {
  const doc = parse(yaml) as {
    id?: string
    description?: string
    trigger?: { type?: string; method?: string; paths?: string[]; domains?: string[] }
    execution?: { timeout?: string; memory?: string; call?: string }
  } | null
  if (doc === null || typeof doc !== 'object') throw new Error('the YAML is not a mapping')
  return {
    ...d,
    id: String(doc.id ?? d.id),
    description: String(doc.description ?? ''),
    type: doc.trigger?.type === 'http' ? 'http' : 'https',
    method: String(doc.trigger?.method ?? d.method),
    paths: (doc.trigger?.paths ?? []).join(', '),
    domains: (doc.trigger?.domains ?? []).map(String),
    timeout: String(doc.execution?.timeout ?? ''),
    memory: String(doc.execution?.memory ?? ''),
    call: String(doc.execution?.call ?? '')
  }
}

/** Checks the draft as the CLI and the config compiler would; throws the first problem in words. */
export function checkDraft(d: FunctionDraft): void {
  checkName('function', d.name, NAME_RE, 'use letters, digits and _, not starting with a digit', 'FUNCTION_NAME')
  checkHttpMethod(d.method, 'method')
  const paths = pathsOf(d)
  if (paths.length === 0 || paths.some(p => !p.startsWith('/'))) throw new Error('paths must each start with /')
  if (d.domains.length === 0) throw new Error('choose a domain (GeneratedDomain creates one)')
  const t = parseDuration(d.timeout)
  if (!t.ok) throw new Error(`timeout: ${t.reason}`)
  const m = parseSize(d.memory)
  if (!m.ok) throw new Error(`memory: ${m.reason}`)
  if (d.call === '') throw new Error('call names the exported function to run; it is empty')
}

/** A new domain's YAML: the given fqdn, or the generated one `dream new function` would pick. */
export function domainYaml(
  id: string,
  projectId: string,
  universeFqdn: string,
  taken: ReadonlySet<string>,
  fqdn = ''
): { fqdn: string; yaml: string } {
  const chosen = (fqdn === '' ? generatedFqdn(projectId, universeFqdn, taken) : fqdn).toLowerCase()
  return { fqdn: chosen, yaml: renderDomainYaml({ id, description: '', fqdn: chosen }) }
}
