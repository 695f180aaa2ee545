import { spawn } from 'node:child_process'
import { mkdir, open, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DreamError } from '../../shared/errors.js'
import type { Io } from '../output.js'

/** How long `--daemon` waits for the background dream to say every universe started. */
const READY_WITHIN_MS = 180_000
const POLL_MS = 100
/**
 * glibc's malloc gives each thread that allocates (workers, libuv's pool, V8's platform threads) an arena of its
 * own, up to eight per core, and keeps what they freed. Two arenas took the daemon's RSS after the `go` bench from
 * 326 to 293 MB on one run here. Set only when the user has not set it; it can only be given at process start.
 */
const DAEMON_MALLOC_ARENAS = '2'

/** The `dream` executable, as npm installs it next to dist/. */
const DREAM_BIN = fileURLToPath(new URL('../../../../bin/dream.js', import.meta.url))

/**
 * `dream new multiverse --daemon`: starts the same command without --daemon as a detached process, its output in
 * `<state>/daemon-<port>.log` and its pid in `<state>/daemon-<port>.pid` (state: ~/.cache/dream), and returns
 * once it has printed its banner (which is printed here too). Exit 1 with the log's tail when it fails to start.
 */
export async function startInBackground(io: Io, args: string[], apiPort: number, universes: number): Promise<number> {
  const state = join(homedir(), '.cache', 'dream')
  await mkdir(state, { recursive: true, mode: 0o700 })
  const logFile = join(state, `daemon-${apiPort}.log`)
  const pidFile = join(state, `daemon-${apiPort}.pid`)
  const log = await open(logFile, 'w', 0o600)
  const child = spawn(
    process.execPath,
    [DREAM_BIN, 'new', 'multiverse', ...args, '--no-parent-watch', '--pid-file', pidFile],
    {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: { MALLOC_ARENA_MAX: DAEMON_MALLOC_ARENAS, ...process.env, NO_COLOR: '1' }
    }
  )
  await log.close()
  let exited: number | null | undefined
  child.once('exit', code => {
    exited = code
  })
  const pid = child.pid
  if (pid === undefined) throw new DreamError('DAEMON_SPAWN', 'could not start the background dream', { expose: true })
  await writeFile(pidFile, `${pid}\n`, { mode: 0o600 })
  const deadline = Date.now() + READY_WITHIN_MS
  for (;;) {
    const text = await readFile(logFile, 'utf8').catch(() => '')
    const started = text.split('\n').filter(l => /^\[SUCCESS\] Universe \S+ started!$/.test(l)).length
    // The banner ends with the line on how to stop.
    if (started >= universes && /stop with Ctrl-C/.test(text)) {
      child.unref()
      io.out.write(text)
      io.out.write(`  running in the background: pid ${pid}, log ${logFile}, pid file ${pidFile}\n`)
      return 0
    }
    if (exited !== undefined || Date.now() > deadline) {
      if (exited === undefined) child.kill('SIGTERM')
      const tail = text.trimEnd().split('\n').slice(-5).join('\n')
      throw new DreamError('DAEMON_START_FAILED', `the background dream did not start (log ${logFile}):\n${tail}`, {
        expose: true
      })
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
}
