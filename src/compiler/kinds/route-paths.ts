/**
 * The URL paths a function or website serves (`trigger.paths`, `paths`): each one a path a request can carry,
 * checked at compile so that a path no request can reach, or one that climbs out with `..`, fails the build
 * naming the file and field instead of publishing silently.
 */
import type { Doc } from '../doc.js'
import { show } from '../issues.js'

/** Every size has a bound: routes are short, and a 100 KB path would be published and indexed as it is. */
const MAX_PATH_LENGTH = 1024

/** A path is `/` then URL path characters: no whitespace, control characters, `?`, `#`, `%` or backslash. */
const PATH_RE = /^\/[^\s?#%\\\p{Cc}]*$/u

/** The list at `field`, with every path that no request can match reported (and left out). */
export function routePaths(doc: Doc, field: string, required: boolean): string[] {
  return doc.strList(field, required).filter(p => {
    const problem = pathProblem(p)
    if (problem !== undefined) doc.fail(field, problem)
    return problem === undefined
  })
}

function pathProblem(p: string): string | undefined {
  if (p.length > MAX_PATH_LENGTH)
    return `a path of ${p.length} characters (${show(p.slice(0, 40))}…); the limit is ${MAX_PATH_LENGTH}`
  if (!p.startsWith('/')) return `path ${show(p)} must start with /`
  if (!PATH_RE.test(p))
    return `path ${show(p)} has a character a URL path cannot carry as written (space, ?, #, %, \\ or a control)`
  if (p.split('/').some(s => s === '.' || s === '..')) return `path ${show(p)} has a . or .. segment`
  return undefined
}
