/**
 * go-sdk's http/client and self through the worker's bridge to the node (host-bridge.ts), with the test as the
 * node: the request the guest builds (method, URL, headers, body) reaches the node with a timeout under the
 * call's own, the node's response (headers, body) is what the guest reads, a refusal is the SDK's error with the
 * node's reason in the function's log, self asks the node once per call, and such a module never runs inline.
 * (The node's side is tested on real nodes in test/serving/http-client.test.ts.)
 */
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { silent } from '../../src/shared/log.js'
import { compileInline, compileModule, WasmRuntime, type InvokeRequest } from '../../src/vm/index.js'
import type { HostReply } from '../../src/vm/host-calls.js'
import type { HostCall } from '../../src/vm/host-modules.js'
import { buildTestFunction, tempDir } from './functions.js'

const MEM = 64 * 1024 * 1024
const runtime = new WasmRuntime({ log: silent, workers: 1, maxWorkers: 1 })
let tmp: Awaited<ReturnType<typeof tempDir>>
let bytes: Uint8Array
let request: (q: Record<string, string>, host: (c: HostCall) => Promise<HostReply>, timeoutMs: number) => InvokeRequest
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

before(async () => {
  runtime.start()
  tmp = await tempDir()
  bytes = await buildTestFunction('gohttp', tmp.dir)
  const module = await compileModule(bytes, MEM, 'gohttp')
  request = (q, host, timeoutMs) => ({
    key: 'gohttp@test',
    module,
    call: 'gohttp',
    timeoutMs,
    memoryBytes: MEM,
    name: 'gohttp',
    host,
    http: {
      method: 'GET',
      host: 'x',
      path: '/gohttp',
      rawQuery: new URLSearchParams(q).toString(),
      headers: {},
      userAgent: '',
      body: new Uint8Array(0)
    }
  })
})

after(async () => {
  await runtime.stop()
  await tmp.cleanup()
})

test('the request the guest builds reaches the node, and the guest reads its response', async () => {
  const seen: HostCall[] = []
  const node = async (c: HostCall): Promise<HostReply> => {
    seen.push(c)
    const headers: Array<[string, string]> = [
      ['x-reply', 'a'],
      ['X-Reply', 'b'],
      ['content-type', 'text/plain']
    ]
    return { ok: true, response: { status: 202, headers, body: new TextEncoder().encode('answer') } }
  }
  const q = { url: 'http://example.test/p?x=1', method: 'PUT', header: 'X-Token:t', body: 'data' }
  const r = await runtime.invoke(request(q, node, 5_000))
  assert.equal(text(r.body), 'reply=a|b;keys=Content-Type,X-Reply;body=answer')
  assert.equal(seen.length, 1)
  const c = seen[0]
  assert.ok(c?.op === 'httpDo')
  assert.equal(c.request.method, 'PUT')
  assert.equal(c.request.url, 'http://example.test/p?x=1')
  assert.deepEqual(c.request.headers, [['X-Token', 't']])
  assert.equal(text(c.request.body), 'data')
  assert.ok(c.request.timeoutMs > 0 && c.request.timeoutMs < 5_000, `timeout ${c.request.timeoutMs} ms`)
})

test("a refused request is the SDK's error, with the node's reason in the function's log", async () => {
  const node = async (): Promise<HostReply> => ({ ok: false, log: 'refused: a private port' })
  const r = await runtime.invoke(request({ url: 'http://127.0.0.1:1/', method: 'GET' }, node, 5_000))
  assert.equal(r.status, 500)
  assert.match(text(r.body), /Executing HTTP request failed with: ErrorHttpRequestFailed/)
  assert.ok(r.logs.includes('http client: refused: a private port'), r.logs.join('\n'))
})

test('self asks the node once per call', async () => {
  let asked = 0
  const node = async (c: HostCall): Promise<HostReply> => {
    asked++
    assert.equal(c.op, 'self')
    return { ok: true, self: { id: 'F', project: 'P', application: 'A', commit: 'C', branch: 'B' } }
  }
  assert.equal(text((await runtime.invoke(request({ op: 'self' }, node, 5_000))).body), 'F,P,A,C,B')
  assert.equal(text((await runtime.invoke(request({ op: 'self' }, node, 5_000))).body), 'F,P,A,C,B')
  assert.equal(asked, 2)
})

test('a module importing the HTTP client or self never runs inline', async () => {
  assert.equal(await compileInline(bytes, MEM), undefined)
})
