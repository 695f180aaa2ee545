/**
 * Status tables: cli-table3 boxes with merged cells, in the walkthrough's format, built from a
 * real universe's chart; and the [INFO]/[SUCCESS] prefixes, coloured only on a TTY without NO_COLOR.
 */
import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { info, json, line, nodeTable, success, universeTable, type Io } from '../../src/cli/output.js'
import type { ChartNode, Universe } from '../../src/index.js'
import { parseStatusTable, tableValues } from '../helpers/cli.js'
import { startUniverse } from '../helpers/universe.js'

/** The escape character that starts an ANSI colour sequence. */
const ESC = '\u001b'

const node = (name: string, value: Record<string, number>, category = 0): ChartNode => ({
  id: name,
  name,
  category,
  value
})

/** A writable that records what it is given; `isTTY` as asked. */
function capture(isTTY = false): { io: Io; out: () => string } {
  let text = ''
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString()
      cb()
    }
  })
  if (isTTY) Object.assign(out, { isTTY: true })
  return { io: { out, err: out }, out: () => text }
}

describe('status tables', () => {
  test("one service: exactly the walkthrough's table", () => {
    const expected = [
      '┌─────────────────────┬────────┬───────┐',
      '│ substrate@blackhole │ copies │     1 │',
      '│                     ├────────┼───────┤',
      '│                     │ dns    │ 14304 │',
      '│                     ├────────┼───────┤',
      '│                     │ http   │ 14529 │',
      '│                     ├────────┼───────┤',
      '│                     │ p2p    │ 14282 │',
      '└─────────────────────┴────────┴───────┘'
    ].join('\n')
    assert.equal(nodeTable(node('substrate@blackhole', { copies: 1, dns: 14304, http: 14529, p2p: 14282 })), expected)
  })

  test('a universe: Nodes | role@universe | key | value with merged cells', () => {
    const expected = [
      '┌───────┬─────────────────────┬────────┬───────┐',
      '│ Nodes │ elder@blackhole     │ p2p    │ 14051 │',
      '│       ├─────────────────────┼────────┼───────┤',
      '│       │ tns@blackhole       │ http   │ 14466 │',
      '│       ├─────────────────────┼────────┼───────┤',
      '│       │ substrate@blackhole │ copies │     1 │',
      '│       │                     ├────────┼───────┤',
      '│       │                     │ p2p    │ 14282 │',
      '└───────┴─────────────────────┴────────┴───────┘'
    ].join('\n')
    assert.equal(
      universeTable([
        node('elder@blackhole', { p2p: 14051 }),
        node('tns@blackhole', { http: 14466 }, 1),
        node('substrate@blackhole', { copies: 1, p2p: 14282 }, 2)
      ]),
      expected
    )
  })

  test('nodes without values are left out; rows keep the order given', () => {
    const t = universeTable([node('a@u', { p2p: 1 }), node('b@u', {}), node('c@u', { z: 3, a: 2 })])
    assert.deepEqual(parseStatusTable(t), [
      { node: 'a@u', key: 'p2p', value: '1' },
      { node: 'c@u', key: 'z', value: '3' },
      { node: 'c@u', key: 'a', value: '2' }
    ])
  })

  test('no colour codes in tables', () => {
    const t = universeTable([node('a@u', { p2p: 1 })]) + nodeTable(node('a@u', { p2p: 1 }))
    assert.equal(t.includes('\u001b['), false)
  })
})

describe('status tables of a real universe', { timeout: 120_000 }, () => {
  let u: Universe
  after(async () => {
    await u?.stop()
  })

  test('universeTable lists elder, client, every service and git with their ports, in order', async () => {
    u = await startUniverse({ name: 'blackhole' })
    const chart = u.chart()
    const text = universeTable(chart.nodes)
    const values = tableValues(parseStatusTable(text))
    assert.deepEqual(
      [...values.keys()],
      ['elder', 'client', 'auth', 'patrick', 'monkey', 'tns', 'hoarder', 'substrate', 'seer', 'git'].map(
        r => `${r}@blackhole`
      )
    )
    for (const n of chart.nodes) assert.deepEqual(values.get(n.name), n.value, n.name)
    assert.match(text.split('\n')[1] ?? '', /^│ Nodes │ elder@blackhole +│ p2p +│ +\d+ │$/)
    const seer = u.directory.byRole('seer')[0]
    assert.equal(values.get('substrate@blackhole')?.dns, seer?.ports.dns)
    assert.deepEqual(Object.keys(values.get('tns@blackhole') ?? {}), ['copies', 'dns', 'http', 'p2p'])
  })

  test("nodeTable shows one service's keys in a fixed order", () => {
    const n = u.chart().nodes.find(x => x.name === 'substrate@blackhole')
    assert.ok(n !== undefined)
    const rows = parseStatusTable(nodeTable(n))
    assert.deepEqual(
      rows.map(r => r.key),
      ['copies', 'dns', 'http', 'p2p']
    )
    assert.ok(rows.every(r => r.node === 'substrate@blackhole'))
    assert.deepEqual(tableValues(rows).get('substrate@blackhole'), n.value)
  })
})

describe('[INFO] and [SUCCESS] lines', () => {
  const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR }
  after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })

  test('plain when the stream is not a TTY', () => {
    delete process.env.NO_COLOR
    const c = capture(false)
    info(c.io, 'Dreamland ready')
    success(c.io, 'Universe blackhole started!')
    line(c.io)
    json(c.io, { a: 1 })
    assert.equal(c.out(), '[INFO] Dreamland ready\n[SUCCESS] Universe blackhole started!\n\n{\n  "a": 1\n}\n')
  })

  test('coloured on a TTY, plain again with NO_COLOR', () => {
    delete process.env.NO_COLOR
    delete process.env.FORCE_COLOR
    const tty = capture(true)
    info(tty.io, 'x')
    assert.match(tty.out(), new RegExp(`^${ESC}\\[\\d+m\\[INFO\\]${ESC}\\[0m x\n$`))
    process.env.NO_COLOR = '1'
    const plain = capture(true)
    success(plain.io, 'x')
    assert.equal(plain.out(), '[SUCCESS] x\n')
  })
})
