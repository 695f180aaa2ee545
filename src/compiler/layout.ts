/**
 * Maps repo paths onto the config layout of tau's config repos (GROUPS below): which file is the project
 * document, which are applications, and which are resources of which group. Files outside the layout
 * (README, CI files) are ignored, as tau ignores them.
 */
import { Doc } from './doc.js'
import { ConfigErrorCodes, type IssueList } from './issues.js'
import type { ExpansionBudget } from './limits.js'

export const GROUPS = [
  'functions',
  'domains',
  'websites',
  'libraries',
  'messaging',
  'databases',
  'storages',
  'services',
  'smartops'
] as const
export type Group = (typeof GROUPS)[number]

export const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/

export interface RawResource {
  group: Group
  name: string
  /** Application name, or undefined for a global resource. */
  app?: string
  file: string
  /** Undefined when the file failed to parse (already reported); kept so references to it stay quiet. */
  doc?: Doc
}

interface RawApp {
  name: string
  file: string
  doc?: Doc
}

export interface Layout {
  project?: Doc
  /** True when config.yaml exists (even if it failed to parse). */
  hasProject: boolean
  apps: Map<string, RawApp>
  resources: RawResource[]
}

const isGroup = (s: string): s is Group => (GROUPS as readonly string[]).includes(s)

export function loadLayout(files: Map<string, string>, issues: IssueList, budget: ExpansionBudget): Layout {
  const out: Layout = { hasProject: false, apps: new Map(), resources: [] }
  const appDirs = new Set<string>()
  const paths = [...files.keys()].sort()
  for (const path of paths) {
    const text = files.get(path) ?? ''
    const seg = path.split('/')
    if (path === 'config.yaml') {
      out.hasProject = true
      out.project = Doc.parse(path, text, issues, budget)
    } else if (seg.length === 2 && isGroup(seg[0] ?? '')) {
      addResource(out, seg[0] as Group, seg[1] ?? '', undefined, path, text, issues, budget)
    } else if (seg[0] === 'applications' && seg.length >= 3) {
      const app = seg[1] ?? ''
      if (seg.length === 3 && seg[2] === 'config.yaml') {
        if (!NAME_RE.test(app)) {
          badName(issues, path, 'application', app)
          continue
        }
        out.apps.set(app, { name: app, file: path, doc: Doc.parse(path, text, issues, budget) })
      } else if (seg.length === 4 && isGroup(seg[2] ?? '')) {
        appDirs.add(app)
        addResource(out, seg[2] as Group, seg[3] ?? '', app, path, text, issues, budget)
      }
    }
  }
  for (const app of appDirs) {
    if (!NAME_RE.test(app)) {
      // Reported here only when there is no config.yaml (which would already have reported it).
      if (!files.has(`applications/${app}/config.yaml`)) badName(issues, `applications/${app}`, 'application', app)
    } else if (!out.apps.has(app)) {
      issues.add({
        code: ConfigErrorCodes.invalid,
        file: `applications/${app}/config.yaml`,
        problem: `application "${app}" has resources but no config.yaml`
      })
    }
  }
  // Resources of an application whose name is invalid or whose config.yaml is missing are dropped.
  out.resources = out.resources.filter(r => r.app === undefined || out.apps.has(r.app))
  return out
}

function addResource(
  out: Layout,
  group: Group,
  base: string,
  app: string | undefined,
  path: string,
  text: string,
  issues: IssueList,
  budget: ExpansionBudget
): void {
  if (!base.endsWith('.yaml')) return
  const name = base.slice(0, -'.yaml'.length)
  if (!NAME_RE.test(name)) {
    badName(issues, path, group.replace(/s$/, ''), name)
    return
  }
  if (app !== undefined && !NAME_RE.test(app)) return // reported once with the app's config.yaml
  out.resources.push({ group, name, app, file: path, doc: Doc.parse(path, text, issues, budget) })
}

function badName(issues: IssueList, file: string, what: string, name: string): void {
  issues.add({
    code: ConfigErrorCodes.invalid,
    file,
    problem: `invalid ${what} name "${name}": names must match ${NAME_RE.source}`
  })
}
