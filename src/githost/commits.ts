/**
 * Reads commit metadata for push payloads with one `git log` per push: fields are separated by
 * control characters that do not occur in commit headers, and --name-status gives added/removed/modified.
 */
import type { GitRunner } from './git-runner.js'
import { ZERO_SHA } from './repo-fs.js'

interface Person {
  name: string
  email: string
  date: string
}

export interface CommitInfo {
  id: string
  treeId: string
  parents: string[]
  message: string
  author: Person
  committer: Person
  added: string[]
  removed: string[]
  modified: string[]
}

const RS = '\x1e'
const FS = '\x1f'
const FORMAT = `--format=${['%x1e%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B', ''].join('%x1f')}`

/**
 * Commits reachable from `tip` but not from any of `exclude`, oldest first, at most `max` (the newest
 * ones, like GitHub's 20-commit cap).
 */
export async function readCommits(
  git: GitRunner,
  dir: string,
  tip: string,
  exclude: string[],
  max = 20
): Promise<CommitInfo[]> {
  const not = exclude.filter(s => s !== ZERO_SHA && s !== tip)
  const range = ['--reverse', `--max-count=${max}`, tip, ...(not.length > 0 ? ['--not', ...not] : [])]
  return parseLog(await git.run(logArgs(dir, range)))
}

/** Exactly one commit (the head of a branch), whatever the exclusions. */
export async function readCommit(git: GitRunner, dir: string, sha: string): Promise<CommitInfo | undefined> {
  return parseLog(await git.run(logArgs(dir, ['--max-count=1', sha])))[0]
}

/** `git log` of `range` in the bare repository `dir`, in the format parseLog reads, with each commit's files. */
function logArgs(dir: string, range: string[]): string[] {
  return [
    '-c',
    'core.quotePath=false',
    '--git-dir',
    dir,
    'log',
    FORMAT,
    '--name-status',
    '--no-renames',
    ...range,
    '--'
  ]
}

function parseLog(out: string): CommitInfo[] {
  const commits: CommitInfo[] = []
  for (const rec of out.split(RS)) {
    if (rec.trim() === '') continue
    const f = rec.split(FS)
    const [id = '', treeId = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', message = ''] = f
    const c: CommitInfo = {
      id,
      treeId,
      parents: parents.split(' ').filter(p => p !== ''),
      message: message.replace(/\n+$/, ''),
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
      added: [],
      removed: [],
      modified: []
    }
    for (const line of f.slice(10).join(FS).split('\n')) {
      const m = /^([A-Z])\d*\t(.*)$/.exec(line)
      if (m === null) continue
      const status = m[1]
      const path = m[2] ?? ''
      if (status === 'A') c.added.push(path)
      else if (status === 'D') c.removed.push(path)
      else c.modified.push(path)
    }
    commits.push(c)
  }
  return commits
}
