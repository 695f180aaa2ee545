/**
 * Functions whose code is a library's: the config compiler turns `source: libraries/<name>` into
 * `libraries/<library id>`, and such a function runs the library's module (its build is the asset of the library
 * id, resolved at each lookup as tau's substrate does) with the function's own `call`.
 */
import type { TnsClient } from '../../tns/client.js'
import type { FoundFunction } from './found-function.js'

const LIBRARY_SOURCE = 'libraries/'

/** The library id of a compiled `source`, or undefined when the function is built from its own folder. */
export function libraryIdOf(source: unknown): string | undefined {
  return typeof source === 'string' && source.startsWith(LIBRARY_SOURCE) && source.length > LIBRARY_SOURCE.length
    ? source.slice(LIBRARY_SOURCE.length)
    : undefined
}

/**
 * Why a library function has nothing to run, and what to do: its library has no build on this branch yet. Names
 * the library (TNS's `libraries/<id>` name index) and, for a library of the project's global scope, its repository.
 */
export async function libraryNotBuilt(
  tns: Pick<TnsClient, 'fetch'>,
  fn: Pick<FoundFunction, 'name' | 'project' | 'branch' | 'commit'>,
  libraryId: string
): Promise<string> {
  const name = await tns.fetch<string>(['libraries', libraryId]).catch(() => null)
  const lib = await tns
    .fetch<{ 'repository-name'?: string }>([
      'branches',
      fn.branch,
      'commit',
      fn.commit,
      'projects',
      fn.project,
      'libraries',
      libraryId
    ])
    .catch(() => null)
  const label = typeof name === 'string' ? name : libraryId
  const repo = typeof lib?.['repository-name'] === 'string' ? ` (repository ${lib['repository-name']})` : ''
  return (
    `function ${fn.name} runs library ${label}, which has no build on branch ${fn.branch} yet; ` +
    `push the library's repository${repo} (\`dream inject push-library --name ${label}\` or a git push) ` +
    'and wait for its job (`dream builds`)\n'
  )
}
