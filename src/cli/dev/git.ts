import { execFile } from 'node:child_process'
import { DreamError } from '../../shared/errors.js'

export interface GitOut {
  stdout: string
  stderr: string
}

/** Runs git in `cwd` as `who` (the universe's git login), never prompting; throws with git's stderr on failure. */
export function gitIn(cwd: string, who: string): (...args: string[]) => Promise<GitOut> {
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', LANG: 'C' }
  const identity = [
    '-c',
    `user.name=${who}`,
    '-c',
    `user.email=${who}@users.noreply.dream.local`,
    '-c',
    'init.defaultBranch=main'
  ]
  return async (...args) =>
    await new Promise((resolve, reject) => {
      execFile('git', [...identity, ...args], { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        if (err === null) resolve({ stdout, stderr })
        else
          reject(
            new DreamError('DEV_GIT', `git ${args[0] ?? ''} in ${cwd} failed: ${stderr.trim() || err.message}`, {
              expose: true
            })
          )
      })
    })
}

/** `git status --porcelain` lines → what a commit message says: "edit a.ts, add b.ts, delete c.yaml". */
export function changeSummary(porcelain: string): string {
  const words: Record<string, string> = { M: 'edit', A: 'add', D: 'delete', R: 'rename', '?': 'add' }
  const items = porcelain
    .split('\n')
    .filter(l => l.trim() !== '')
    .map(l => `${words[l.trim()[0] ?? 'M'] ?? 'edit'} ${l.slice(3).replace(/^"|"$/g, '')}`)
  const shown = items.slice(0, 5).join(', ')
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown
}
