import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, readdir } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { currentThreadId } from '../../src/vm/thread-priority.js'
import { FunctionBuilder } from '../../src/builder/index.js'
import { WasmRuntime, compileModule, type InvokeRequest, type WasmModule } from '../../src/vm/index.js'
import { silent } from '../../src/shared/log.js'
import { materialise, templateCode, tempDir } from './functions.js'

const MEM = 10_000_000 // 10MB, as the templates
const builder = new FunctionBuilder({ log: silent })
const runtime = new WasmRuntime({ log: silent, workers: 2 })
const modules = new Map<string, WasmModule>()
let tmp: Awaited<ReturnType<typeof tempDir>>

const text = (b: Uint8Array): string => new TextDecoder().decode(b)

function req(
  name: string,
  over: Partial<InvokeRequest> = {},
  http: Partial<InvokeRequest['http']> = {}
): InvokeRequest {
  const module = modules.get(name)
  assert.ok(module !== undefined, `module ${name} built`)
  return {
    key: `${name}@test`,
    module,
    call: name === 'ping_pong' ? 'ping' : name,
    timeoutMs: 5000,
    memoryBytes: MEM,
    name,
    http: {
      method: 'GET',
      host: 'example.localtau',
      path: '/ping',
      rawQuery: '',
      headers: {},
      userAgent: 'test',
      body: new Uint8Array(0),
      ...http
    },
    ...over
  }
}

before(async () => {
  builder.start()
  runtime.start()
  tmp = await tempDir()
  const dirs: Record<string, string> = { ping_pong: templateCode('ping_pong'), echo: templateCode('echo') }
  for (const f of ['loop', 'spin', 'hog', 'trap', 'logger']) dirs[f] = await materialise(f, tmp.dir)
  for (const [name, dir] of Object.entries(dirs)) {
    const { wasm } = await builder.build(dir)
    modules.set(name, await compileModule(wasm, MEM, name))
  }
  await builder.stop()
})

after(async () => {
  await runtime.stop()
  await tmp.cleanup()
})

test('ping_pong answers 200 PONG', async () => {
  const r = await runtime.invoke(req('ping_pong'))
  assert.equal(r.status, 200)
  assert.equal(text(r.body), 'PONG')
})

test('echo returns method, path, query and body of a POST', async () => {
  const body = new TextEncoder().encode(`${'x'.repeat(10_000)} "quoted"`)
  const r = await runtime.invoke(
    req('echo', {}, { method: 'POST', path: '/echo', rawQuery: 'a=1&b=two%20words', body })
  )
  assert.equal(r.status, 200)
  assert.deepEqual(r.headers, [['Content-Type', 'application/json']])
  assert.deepEqual(JSON.parse(text(r.body)), {
    method: 'POST',
    path: '/echo',
    query: { a: '1', b: 'two words' },
    body: text(body)
  })
})

test('a looping function times out while another call completes', async () => {
  let loopSettled = false
  const looping = runtime.invoke(req('loop', { timeoutMs: 1000 }))
  looping
    .catch(() => {})
    .finally(() => {
      loopSettled = true
    })
  const ping = await runtime.invoke(req('ping_pong'))
  assert.equal(text(ping.body), 'PONG')
  assert.equal(loopSettled, false, 'ping answered while the loop was still running')
  await assert.rejects(looping, (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'FUNCTION_TIMEOUT')
    assert.match((err as Error).message, /loop.*1000 ms/)
    return true
  })
  // The replaced worker serves again.
  const again = await Promise.all([runtime.invoke(req('ping_pong')), runtime.invoke(req('ping_pong'))])
  assert.deepEqual(
    again.map(r => text(r.body)),
    ['PONG', 'PONG']
  )
})

test('a function over its memory cap fails with FUNCTION_MEMORY', async () => {
  await assert.rejects(runtime.invoke(req('hog')), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'FUNCTION_MEMORY')
    assert.match((err as Error).message, /hog.*10000000/)
    return true
  })
})

test('a trap gives FUNCTION_TRAP with the abort message', async () => {
  await assert.rejects(runtime.invoke(req('trap', {}, { path: '/boom' })), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'FUNCTION_TRAP')
    assert.match((err as Error).message, /trap requested by \/boom/)
    return true
  })
  await assert.rejects(runtime.invoke(req('trap', {}, { rawQuery: 'how=unreachable' })), { code: 'FUNCTION_TRAP' })
})

test('logger logs come back', async () => {
  const r = await runtime.invoke(req('logger', {}, { path: '/log' }))
  assert.equal(text(r.body), 'OK')
  assert.deepEqual(r.logs, ['hello from logger', 'path=/log'])
})

test('a missing export is FUNCTION_EXPORT', async () => {
  await assert.rejects(runtime.invoke(req('ping_pong', { call: 'nope' })), { code: 'FUNCTION_EXPORT' })
})

/** Threads of this process under SCHED_IDLE or at nice 19 (Linux: fields 41 and 19 of /proc/self/task/<tid>/stat). */
async function loweredThreads(): Promise<number> {
  let n = 0
  for (const tid of await readdir('/proc/self/task')) {
    const stat = await readFile(`/proc/self/task/${tid}/stat`, 'utf8').catch(() => '')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields[38] === '5' || fields[16] === '19') n++
  }
  return n
}

test('a long call is moved off the CPU foreground, and its worker replaced after', {
  skip: currentThreadId() === undefined ? 'needs Linux (/proc/thread-self)' : false
}, async () => {
  const rt = new WasmRuntime({ log: silent, workers: 1 })
  rt.start()
  try {
    let seen = false
    // Millions of iterations: more each time, until a call outlasts the 50 ms after which it is lowered. The last
    // size (3.2 billion iterations) runs for seconds on any machine, far past 50 ms.
    for (const n of [50, 200, 800, 3200]) {
      let done = false
      const call = rt.invoke(req('spin', { timeoutMs: 120_000 }, { path: '/spin', rawQuery: `n=${n}` })).finally(() => {
        done = true
      })
      while (!done && !seen) {
        if ((await loweredThreads()) === 1) seen = true
        else await delay(5)
      }
      const r = await call
      assert.equal(r.status, 200)
      assert.match(text(r.body), new RegExp(`^${n}000000 `))
      if (seen) break
    }
    assert.ok(seen, 'no thread was lowered during a call of 3.2 billion iterations')
    assert.equal(rt.stats.lowered, 0)
    assert.equal(rt.stats.workers, 1)
    assert.equal(text((await rt.invoke(req('ping_pong'))).body), 'PONG')
    // The lowered worker's thread goes away with it.
    for (let i = 0; (await loweredThreads()) > 0; i++) {
      assert.ok(i < 500, 'the lowered thread is still there 5 s later')
      await delay(10)
    }
  } finally {
    await rt.stop()
  }
})

test('idle workers are released down to one empty worker, and come back on demand', async () => {
  const rt = new WasmRuntime({ log: silent, workers: 2, idleMs: 1 })
  rt.start()
  try {
    // Two calls at once: the second finds no idle worker and starts the second one.
    const both = await Promise.all([rt.invoke(req('ping_pong')), rt.invoke(req('echo', {}, { method: 'POST' }))])
    assert.deepEqual(
      both.map(r => r.status),
      [200, 200]
    )
    for (let i = 0; rt.stats.workers > 1 || rt.stats.held > 0; i++) {
      assert.ok(i < 1000, `workers ${rt.stats.workers}, modules held ${rt.stats.held} after 10 s idle`)
      await delay(10)
    }
    assert.equal(rt.stats.workers, 1)
    // The module is sent again to the fresh worker, and two calls at once again get two workers.
    const again = await Promise.all([rt.invoke(req('ping_pong')), rt.invoke(req('ping_pong'))])
    assert.deepEqual(
      again.map(r => text(r.body)),
      ['PONG', 'PONG']
    )
  } finally {
    await rt.stop()
  }
})

test('forget: the workers let go of a key, and its next call brings its module again', async () => {
  const rt = new WasmRuntime({ log: silent, workers: 1 })
  rt.start()
  try {
    const body = new TextEncoder().encode('hi')
    const echo = (): InvokeRequest => req('echo', { key: 'swapped' }, { method: 'POST', body })
    assert.equal(text((await rt.invoke(req('ping_pong', { key: 'swapped' }))).body), 'PONG')
    // While the worker holds the key, it runs the module it was given first, which has no `echo`.
    await assert.rejects(rt.invoke(echo()), { code: 'FUNCTION_EXPORT' })
    assert.equal(rt.stats.held, 1)
    rt.forget(k => k === 'swapped')
    assert.equal(rt.stats.held, 0)
    const r = await rt.invoke(echo())
    assert.equal(r.status, 200)
    assert.match(text(r.body), /"hi"/, 'the worker dropped its module and took the one sent')
  } finally {
    await rt.stop()
  }
})

test('stop() terminates all workers and rejects new calls with a 503 (stopping, not broken)', async () => {
  const rt = new WasmRuntime({ log: silent, workers: 3 })
  rt.start()
  assert.equal(rt.stats.workers, 1, 'one worker at start; more as calls need them')
  const pending = assert.rejects(rt.invoke(req('loop', { timeoutMs: 60_000 })), { code: 'RUNTIME_STOPPED' })
  await rt.stop()
  assert.equal(rt.stats.workers, 0)
  await pending
  await assert.rejects(rt.invoke(req('ping_pong')), { code: 'RUNTIME_STOPPED', status: 503 })
})
