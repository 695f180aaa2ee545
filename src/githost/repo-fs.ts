/** Bare repository plumbing: creation and reading branch refs. */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFilePrivate } from '../shared/private-fs.js'
import type { GitRunner } from './git-runner.js'

export const ZERO_SHA = '0000000000000000000000000000000000000000'

export async function initBare(git: GitRunner, dir: string, defaultBranch: string): Promise<void> {
  // --shared=0600: git keeps every file it writes owner-only (0600, directories 0700), whatever the umask.
  await git.run(['init', '--bare', '--quiet', '--shared=0600', dir])
  // --shared also refuses forced pushes, which GitHub accepts.
  await git.run(['--git-dir', dir, 'config', 'receive.denyNonFastforwards', 'false'])
  // Written directly rather than via init.defaultBranch so that no user config can change it.
  await writeFilePrivate(join(dir, 'HEAD'), `ref: refs/heads/${defaultBranch}\n`)
}

export async function removeBare(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** branch name -> commit sha, for every refs/heads/* ref. */
export async function branchHeads(git: GitRunner, dir: string): Promise<Map<string, string>> {
  const out = await git.run(['--git-dir', dir, 'for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/'])
  const heads = new Map<string, string>()
  for (const line of out.split('\n')) {
    const i = line.indexOf(' ')
    if (i < 0) continue
    heads.set(line.slice(i + 1).replace(/^refs\/heads\//, ''), line.slice(0, i))
  }
  return heads
}

export interface RefChange {
  branch: string
  before: string
  after: string
}

export function diffHeads(before: Map<string, string>, after: Map<string, string>): RefChange[] {
  const changes: RefChange[] = []
  for (const [branch, sha] of after) {
    const old = before.get(branch) ?? ZERO_SHA
    if (old !== sha) changes.push({ branch, before: old, after: sha })
  }
  for (const [branch, sha] of before) if (!after.has(branch)) changes.push({ branch, before: sha, after: ZERO_SHA })
  return changes
}
