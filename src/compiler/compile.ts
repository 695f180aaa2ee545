/**
 * The config compiler ("tcc"): a config repo's YAML tree → the project object published at
 * `branches/B/commit/C/projects/P` plus the routing indexes published at the TNS root.
 * Pure and synchronous: files in, objects out, every problem of the build thrown together.
 */
import type { Doc } from './doc.js'
import { buildIndexes } from './indexes.js'
import { ConfigErrorCodes, IssueList, show } from './issues.js'
import { GROUPS, loadLayout, type Group, type Layout, type RawResource } from './layout.js'
import { Scope } from './scope.js'
import type { Compiled, KindCompiler, KindContext } from './kinds/common.js'
import { compileFunction, compileSmartop } from './kinds/compute.js'
import { compileDatabase, compileMessaging, compileService, compileStorage } from './kinds/data.js'
import { compileDomain, compileLibrary, compileWebsite } from './kinds/web.js'

export interface CompileInput {
  /** Repo-relative posix path → text (see readTree). */
  files: Map<string, string>
  branch: string
  /** The project id auth knows; when given, config.yaml `id` must equal it. */
  projectId?: string
  /** Network fqdn, e.g. `<universe>.localtau`. */
  networkFqdn: string
  /**
   * Hosts matching this are "generated" and must carry the project's last 8 id chars.
   * Default `^[^.]+\.<networkFqdn>$`.
   */
  generatedDomainPattern?: RegExp
}

export interface CompiledProject {
  projectId: string
  object: Record<string, unknown>
  indexes: Record<string, unknown>
}

const KINDS: Record<Group, KindCompiler> = {
  functions: compileFunction,
  domains: compileDomain,
  websites: compileWebsite,
  libraries: compileLibrary,
  messaging: compileMessaging,
  databases: compileDatabase,
  storages: compileStorage,
  services: compileService,
  smartops: compileSmartop
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function defaultGeneratedPattern(networkFqdn: string): RegExp {
  return new RegExp(`^[^.]+\\.${escapeRe(networkFqdn)}$`)
}

export function compileProject(input: CompileInput): CompiledProject {
  const issues = new IssueList()
  const layout = loadLayout(input.files, issues)
  if (!layout.hasProject) {
    issues.add({
      code: ConfigErrorCodes.missing,
      file: 'config.yaml',
      problem: 'config.yaml is missing: this is not a project config repo'
    })
  }
  const project = layout.project
  if (project === undefined) {
    issues.throwIfAny()
    throw new Error('unreachable')
  }
  if (input.branch === '')
    issues.add({ code: ConfigErrorCodes.invalid, file: 'config.yaml', problem: 'branch is empty' })

  const projectId = project.str('id', true) ?? ''
  if (projectId !== '' && input.projectId !== undefined && projectId !== input.projectId) {
    project.fail(
      'id',
      `project id ${projectId} in config.yaml does not match the project's id ${input.projectId}`,
      ConfigErrorCodes.projectMismatch
    )
  }
  checkDuplicateIds(layout, issues)

  const scope = new Scope(layout)
  const base = {
    scope,
    projectId: input.projectId ?? projectId,
    generatedDomainPattern: input.generatedDomainPattern ?? defaultGeneratedPattern(input.networkFqdn)
  }
  const object: Compiled = {
    id: projectId,
    name: project.str('name') ?? '',
    description: project.str('description') ?? '',
    // `notification.email` is what the console writes; a flat `email` is accepted too.
    email: project.str(project.pick('notification.email', 'email')) ?? ''
  }
  Object.assign(
    object,
    compileGroups(
      layout.resources.filter(r => r.app === undefined),
      base
    )
  )

  const applications: Compiled = {}
  for (const app of [...layout.apps.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (app.doc === undefined) continue
    const appId = app.doc.str('id', true)
    const appObj: Compiled = { name: app.name, description: app.doc.str('description') ?? '' }
    const tags = app.doc.strList('tags')
    if (tags.length > 0) appObj.tags = tags
    Object.assign(
      appObj,
      compileGroups(
        layout.resources.filter(r => r.app === app.name),
        { ...base, app: app.name }
      )
    )
    if (appId !== undefined) applications[appId] = appObj
  }
  if (Object.keys(applications).length > 0) object.applications = applications

  issues.throwIfAny()
  return { projectId, object, indexes: buildIndexes(object, input.branch, projectId) }
}

/** `{<group>: {<id>: compiled}}` for one scope; empty groups are left out, as tau does. */
function compileGroups(resources: RawResource[], ctx: KindContext): Compiled {
  const out: Compiled = {}
  for (const group of GROUPS) {
    const compiled: Compiled = {}
    for (const r of resources.filter(x => x.group === group)) {
      if (r.doc === undefined) continue
      const id = r.doc.str('id', true)
      // Compile even without an id so the rest of the file's problems are reported in the same build.
      const obj = KINDS[group](r.doc, r.name, ctx)
      if (id !== undefined) compiled[id] = obj
    }
    if (Object.keys(compiled).length > 0) out[group] = compiled
  }
  return out
}

/** Ids key the compiled maps and asset keys, so two resources sharing one would overwrite each other. */
function checkDuplicateIds(layout: Layout, _issues: IssueList): void {
  const seen = new Map<string, string>()
  const docs: Array<{ file: string; doc?: Doc }> = [...layout.resources, ...layout.apps.values()]
  for (const { file, doc } of docs) {
    const id = doc?.get('id')
    if (typeof id !== 'string' || id === '') continue
    const first = seen.get(id)
    if (first === undefined) seen.set(id, file)
    else doc?.fail('id', `duplicate id ${show(id)}: already used by ${first}`)
  }
}
