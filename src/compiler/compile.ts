/**
 * The config compiler ("tcc"): a config repo's YAML tree → the project object published at
 * `branches/B/commit/C/projects/P` plus the routing indexes published at the TNS root.
 * Pure and synchronous: files in, objects out, every problem of the build thrown together.
 */
import type { Doc } from './doc.js'
import { buildIndexes } from './indexes.js'
import { ConfigErrorCodes, IssueList, show } from './issues.js'
import { GROUPS, loadLayout, type Group, type Layout, type RawResource } from './layout.js'
import { CONFIG_LIMITS, type ConfigLimits } from './limits.js'
import { Scope } from './scope.js'
import { head, optString, type Compiled, type KindCompiler, type KindContext } from './kinds/common.js'
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
  /** Bound on the YAML with its aliases expanded (default CONFIG_LIMITS; readTree bounds what is read). */
  limits?: Pick<ConfigLimits, 'expandedBytes'>
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
  const limits = input.limits ?? CONFIG_LIMITS
  const layout = loadLayout(input.files, issues, { left: limits.expandedBytes, max: limits.expandedBytes })
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
  checkDuplicateIds(layout)

  const scope = new Scope(layout)
  const base = {
    scope,
    projectId: input.projectId ?? projectId,
    generatedDomainPattern: input.generatedDomainPattern ?? defaultGeneratedPattern(input.networkFqdn)
  }
  // Tau keeps the project's tags out of the compiled object; optional fields appear when the YAML has them.
  const object: Compiled = { id: projectId }
  optString(object, 'name', project, 'name')
  optString(object, 'description', project, 'description')
  // `notification.email` is what the console writes; a flat `email` is accepted too.
  optString(object, 'email', project, 'notification.email', 'email')
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
    const appObj = head(app.doc, app.name)
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

/**
 * Ids key the compiled maps, so two resources of one group in one scope (the project, or one application)
 * sharing an id would overwrite each other; tau rejects that, and two applications sharing an id. The same id
 * in another group or another scope is accepted, as tau accepts it (its fixture reuses a function id in the
 * project and in two applications).
 */
function checkDuplicateIds(layout: Layout): void {
  const seen = new Map<string, string>()
  const check = (key: string, file: string, doc: Doc | undefined, where: string): void => {
    const id = doc?.get('id')
    if (typeof id !== 'string' || id === '') return
    const first = seen.get(`${key}\0${id}`)
    if (first === undefined) seen.set(`${key}\0${id}`, file)
    else doc?.fail('id', `duplicate id ${show(id)}: already used by ${first} (ids must be unique among ${where})`)
  }
  for (const r of layout.resources) {
    const scope = r.app === undefined ? 'the project' : `application "${r.app}"`
    check(`${r.app ?? ''}/${r.group}`, r.file, r.doc, `the ${r.group} of ${scope}`)
  }
  for (const app of layout.apps.values()) check('applications', app.file, app.doc, 'applications')
}
