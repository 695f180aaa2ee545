import { spawn } from 'node:child_process'
import { GitRunner } from '../../githost/git-runner.js'
import { DreamError } from '../../shared/errors.js'

/**
 * Clones `url` at `branch` into `dir` with a deploy credential, then checks out `commit` when given (the pushed
 * commit, which may no longer be the branch head). Returns the commit checked out.
 *
 * With the git on PATH (the git host runs it too): a clone in JavaScript indexes the pack and writes the files on
 * the node's own thread, which for a repository of fifty functions took a second and held up everything the node
 * serves meanwhile. The credential goes in the child's environment (`http.extraHeader`), never on its command line.
 * `signal` kills the clone (a cancelled job, a monkey that stops).
 */
export async function cloneAt(o: {
  url: string
  dir: string
  branch: string
  key: string
  commit?: string
  signal?: AbortSignal
}): Promise<string> {
  const commit = o.commit ?? ''
  const env = new GitRunner().env({
    // The URL is this dream's own git host: never through a proxy of the environment.
    no_proxy: '*',
    NO_PROXY: '*',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`deploy:${o.key}`).toString('base64')}`
  })
  const run = async (args: string[]): Promise<string> => await git(args, env, o.signal)
  // With a commit to check out, the branch head is not checked out first.
  const checkout = commit !== '' ? ['--no-checkout'] : []
  await run(['clone', '--quiet', '--single-branch', '--branch', o.branch, ...checkout, '--', o.url, o.dir])
  if (commit !== '') {
    await run(['-C', o.dir, 'checkout', '--quiet', '--force', '--detach', commit])
    return commit
  }
  return (await run(['-C', o.dir, 'rev-parse', 'HEAD'])).trim()
}

function git(args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { env, stdio: ['ignore', 'pipe', 'pipe'], signal })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.once('error', e => {
      reject(
        signal?.aborted === true
          ? new DreamError('BUILD_ABORTED', 'job cancelled during git', { status: 499 })
          : new DreamError('GITHOST_GIT_SPAWN', `cannot run git: ${e.message}`, { cause: e })
      )
    })
    child.once('close', (code, sig) => {
      if (code === 0) {
        resolve(Buffer.concat(out).toString('utf8'))
        return
      }
      const why = sig !== null ? `signal ${sig}` : `exit ${String(code)}`
      const what = args[0] === '-C' ? args.slice(2) : args
      reject(
        new DreamError(
          'GITHOST_GIT_FAILED',
          `git ${what.join(' ')} failed (${why}): ${Buffer.concat(err).toString('utf8').trim()}`
        )
      )
    })
  })
}
