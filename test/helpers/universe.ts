/**
 * Test helpers for universes: start one in-process and always stop it, find free ports, prove a port is closed,
 * and poll for a condition with a deadline instead of sleeping.
 */
import { connect, createServer, type Server } from 'node:net'
import {
  createUniverse,
  startDaemon,
  type Daemon,
  type DaemonOptions,
  type Universe,
  type UniverseOptions
} from '../../src/index.js'

let counter = 0

/** A universe name no other test in this process uses. */
export function uniqueName(prefix = 'test'): string {
  counter += 1
  return `${prefix}-${process.pid}-${counter}`
}

export type TestUniverseOptions = Partial<UniverseOptions>

/** Creates and starts a universe (a unique name unless given). The caller must `stop()` it (use `after`). */
export async function startUniverse(opts: TestUniverseOptions = {}): Promise<Universe> {
  const u = createUniverse({ ...opts, name: opts.name ?? uniqueName() })
  await u.start()
  return u
}

/** Runs `fn` with a started universe and stops it afterwards, whatever `fn` does. */
export async function withUniverse<T>(opts: TestUniverseOptions, fn: (u: Universe) => Promise<T>): Promise<T> {
  const u = await startUniverse(opts)
  try {
    return await fn(u)
  } finally {
    await u.stop()
  }
}

/**
 * Starts a daemon (control API on a kernel-chosen port unless given, plus the listed universes). The caller must
 * `stop()` it. `onUniverse` defaults to a no-op because startDaemon only creates universes when it is given (see
 * the todo test in test/universe/api.test.ts).
 */
export async function startTestDaemon(o: Partial<DaemonOptions> = {}): Promise<Daemon> {
  return await startDaemon({ apiPort: 0, universes: [], onUniverse: () => {}, ...o })
}

/** A TCP port that was free a moment ago: listen on 0 and close. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      resolve()
    })
  })
  const addr = server.address()
  await new Promise<void>(resolve => {
    server.close(() => {
      resolve()
    })
  })
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address')
  return addr.port
}

/** Occupies a TCP port on 127.0.0.1 (kernel-chosen) until `close()`. */
export async function occupyPort(): Promise<{ port: number; server: Server; close: () => Promise<void> }> {
  const server = createServer(socket => {
    socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      resolve()
    })
  })
  const addr = server.address()
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address')
  return {
    port: addr.port,
    server,
    close: async () => {
      await new Promise<void>(resolve => {
        server.close(() => {
          resolve()
        })
      })
    }
  }
}

/**
 * How a TCP connection to 127.0.0.1:`port` ends: 'open' when something accepts it, otherwise the error code
 * (ECONNREFUSED for a closed port).
 */
async function tcpProbe(port: number, timeoutMs = 5_000): Promise<string> {
  return await new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port })
    const timer = setTimeout(() => {
      socket.destroy()
      resolve('TIMEOUT')
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.destroy()
      resolve('open')
    })
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(err.code ?? String(err))
    })
  })
}

/** The ports among `ports` that still accept a connection (empty when all are closed). */
export async function openPorts(ports: Iterable<number>): Promise<number[]> {
  const list = [...new Set(ports)]
  const results = await Promise.all(list.map(async p => ({ p, r: await tcpProbe(p) })))
  return results.filter(x => x.r !== 'ECONNREFUSED').map(x => x.p)
}

/**
 * Polls `fn` until it returns a value other than undefined/false, or throws after `timeoutMs` with `what` and the
 * last value seen. Bounded: never waits forever, never asserts a duration.
 */
export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  o: { timeoutMs?: number; intervalMs?: number } = {}
): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 15_000)
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v !== undefined && v !== false) return v
      last = v
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`)
    await new Promise(resolve => setTimeout(resolve, o.intervalMs ?? 25))
  }
}

/** Every port a universe's nodes listen on (p2p, http, dns), plus its git host's. */
export function universePorts(u: Universe): number[] {
  const ports = u.directory.all().flatMap(e => Object.values(e.ports))
  if (u.state === 'running') ports.push(u.git.port)
  return [...new Set(ports)]
}
