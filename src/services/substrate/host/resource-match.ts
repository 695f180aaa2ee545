/**
 * Finds the data resource (`databases`, `storages`) a function's matcher opens, as tau's substrate does: the
 * project's resources, then its application's, at the project's current commit in TNS; a resource matches when
 * its `match` equals the matcher or, with `useRegex`, when its regex finds it (unanchored, as Go's regexp.Match).
 */
import type { TnsClient } from '../../tns/client.js'
import type { FoundFunction } from '../serving/found-function.js'

/** What finding a function's resource reads of it: its name (for errors) and its scope. */
export type ResourceScope = Pick<FoundFunction, 'name' | 'project' | 'application'>

export interface ResourceConfig {
  name?: unknown
  match?: unknown
  useRegex?: unknown
  size?: unknown
  versioning?: unknown
}

/** The matching resource's config, or why there is none (`kind` is the config folder: databases, storages). */
export async function findResource(
  tns: TnsClient,
  branch: string,
  fn: ResourceScope,
  kind: string,
  matcher: string
): Promise<ResourceConfig | string> {
  const what = kind.replace(/s$/, '')
  if (matcher === '') return `function ${fn.name} opened a ${what} with an empty name`
  // NUL is kept for the instances the substrate makes itself (a storage's file index, storages.ts).
  if (matcher.includes('\0')) return `function ${fn.name} opened a ${what} with a NUL in its name`
  const commit = await tns.fetch<string>(['projects', fn.project, 'branches', branch, 'current'])
  if (typeof commit !== 'string') return `project ${fn.project} has no config on branch ${branch}`
  const base = ['branches', branch, 'commit', commit, 'projects', fn.project]
  // tau lists the project's resources, then the application's (an id in both is refused there: the compiler
  // does not let that happen).
  const scopes = [base, ...(fn.application !== '' ? [[...base, 'applications', fn.application]] : [])]
  for (const scope of scopes) {
    const all = await tns.fetch<Record<string, ResourceConfig>>([...scope, kind])
    for (const cfg of Object.values(all !== null && typeof all === 'object' ? all : {}))
      if (typeof cfg?.match === 'string' && matches(cfg, matcher)) return cfg
  }
  return (
    `"${matcher}" matches no ${what} of project ${fn.project}` +
    (fn.application !== '' ? ` or of its application ${fn.application}` : '') +
    ` (add one under ${kind}/ in the config repository)`
  )
}

function matches(cfg: ResourceConfig, matcher: string): boolean {
  const pattern = String(cfg.match)
  if (cfg.useRegex !== true) return pattern === matcher
  try {
    return new RegExp(pattern).test(matcher)
  } catch {
    return false
  }
}
