import { spawn } from 'node:child_process'
import { mkdir, open, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DreamError, receivedCode } from '../../shared/errors.js'
import type { Io } from '../output.js'

/** How long `--daemon` waits for the background dream to be ready (its fixtures run included). */
const READY_WITHIN_MS = 180_000
/** How long a background dream whose fixture failed takes to stop, at most, before the CLI returns. */
const STOPPED_WITHIN_MS = 60_000
/**
 * glibc's malloc gives each thread that allocates (workers, libuv's pool, V8's platform threads) an arena of its
 * own, up to eight per core, and keeps what they freed. Two arenas took the daemon's RSS after the `go` bench from
 * 326 to 293 MB on one run here. Set only when the user has not set it; it can only be given at process start.
 */
const DAEMON_MALLOC_ARENAS = '2'

/** The `dream` executable, as npm installs it next to dist/. */
const DREAM_BIN = fileURLToPath(new URL('../../../../bin/dream.js', import.meta.url))

/**
 * What a `--daemon` child tells the process that started it, over the IPC channel: ready (banner printed and
 * `--fixtures` run), or a failure once started (a fixture failed; the child stops itself).
 */
export type StartOutcome = { ready: true } | { failed: { code: string; message: string } }

/** In a `--daemon` child: sends the outcome to the starting process, then lets go of the channel. */
export function reportToStarter(outcome: StartOutcome): void {
  if (process.send === undefined || !process.connected) return
  process.send(outcome, () => {
    if (process.connected) process.disconnect()
  })
}

/**
 * `dream new multiverse --daemon`: starts the same command without --daemon as a detached process, its output in
 * `<state>/daemon-<port>.log` and its pid in `<state>/daemon-<port>.pid` (state: ~/.cache/dream), and returns
 * once it says it is ready, its fixtures run (its banner is printed here too). A fixture that fails is this
 * command's error, once the child has stopped; a child that exits before it is ready is exit 1 with the log's tail.
 */
export async function startInBackground(io: Io, args: string[], apiPort: number): Promise<number> {
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
      stdio: ['ignore', log.fd, log.fd, 'ipc'],
      env: { MALLOC_ARENA_MAX: DAEMON_MALLOC_ARENAS, ...process.env, NO_COLOR: '1' }
    }
  )
  await log.close()
  const exited = new Promise<'exited'>(resolve => child.once('exit', () => resolve('exited')))
  const outcome = new Promise<StartOutcome>(resolve => child.once('message', m => resolve(m as StartOutcome)))
  const pid = child.pid
  if (pid === undefined) throw new DreamError('DAEMON_SPAWN', 'could not start the background dream', { expose: true })
  await writeFile(pidFile, `${pid}\n`, { mode: 0o600 })
  const timeout = AbortSignal.timeout(READY_WITHIN_MS)
  const timedOut = new Promise<'timeout'>(resolve => timeout.addEventListener('abort', () => resolve('timeout')))
  const first = await Promise.race([outcome, exited, timedOut])
  const text = async (): Promise<string> => await readFile(logFile, 'utf8').catch(() => '')
  if (typeof first === 'object' && 'ready' in first) {
    if (child.connected) child.disconnect()
    child.unref()
    io.out.write(await text())
    io.out.write(`  running in the background: pid ${pid}, log ${logFile}, pid file ${pidFile}\n`)
    return 0
  }
  if (typeof first === 'object') {
    // Started, then a fixture failed: the child is stopping itself; the CLI answers once it is gone.
    await Promise.race([exited, new Promise(resolve => setTimeout(resolve, STOPPED_WITHIN_MS).unref())])
    const said = `Error: ${first.failed.message}`
    // What the child printed, without its own copy of the error, which this command prints.
    io.out.write(
      (await text())
        .split('\n')
        .filter(l => l !== said)
        .join('\n')
    )
    throw new DreamError(receivedCode(first.failed.code, 'DAEMON_START_FAILED'), first.failed.message, {
      expose: true
    })
  }
  if (first === 'timeout') child.kill('SIGTERM')
  const tail = (await text()).trimEnd().split('\n').slice(-5).join('\n')
  throw new DreamError('DAEMON_START_FAILED', `the background dream did not start (log ${logFile}):\n${tail}`, {
    expose: true
  })
}
