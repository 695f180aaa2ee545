import Table from 'cli-table3'
import type { Writable } from 'node:stream'
import type { ChartNode } from '../universe/status.js'

/** Where a command writes: stdout for results, stderr for diagnostics; injected so tests can capture them. */
export interface Io {
  out: Writable
  err: Writable
}

const colour = (code: number, text: string, stream: Writable): string => {
  const tty = (stream as { isTTY?: boolean }).isTTY === true
  const off = process.env.NO_COLOR !== undefined || process.env.FORCE_COLOR === '0'
  return tty && !off ? `\u001b[${code}m${text}\u001b[0m` : text
}

export function info(io: Io, msg: string): void {
  io.out.write(`${colour(36, '[INFO]', io.out)} ${msg}\n`)
}
export function success(io: Io, msg: string): void {
  io.out.write(`${colour(32, '[SUCCESS]', io.out)} ${msg}\n`)
}
export function line(io: Io, msg = ''): void {
  io.out.write(`${msg}\n`)
}
export function json(io: Io, value: unknown): void {
  io.out.write(`${JSON.stringify(value, null, 2)}\n`)
}

// Plain box drawing, no colours: the table is read by people and by scripts (awk on │).
const PLAIN = { head: [] as string[], border: [] as string[] }

/** `dream status universe`: Nodes | role@universe | key | value, with merged cells. */
export function universeTable(nodes: ChartNode[]): string {
  const rows = nodes.flatMap(n => (Object.keys(n.value).length === 0 ? [] : [n]))
  const total = rows.reduce((s, n) => s + Object.keys(n.value).length, 0)
  const t = new Table({ style: PLAIN })
  let first = true
  for (const n of rows) {
    const entries = Object.entries(n.value)
    entries.forEach(([k, v], i) => {
      const row: Table.Cell[] = []
      if (first) {
        row.push({ content: 'Nodes', rowSpan: total })
        first = false
      }
      if (i === 0) row.push({ content: n.name, rowSpan: entries.length })
      row.push(k, { content: String(v), hAlign: 'right' })
      t.push(row)
    })
  }
  return t.toString()
}

/** `dream status <service>`: role@universe | key | value for one node. */
export function nodeTable(n: ChartNode): string {
  const t = new Table({ style: PLAIN })
  const entries = Object.entries(n.value)
  entries.forEach(([k, v], i) => {
    const row: Table.Cell[] = i === 0 ? [{ content: n.name, rowSpan: entries.length }] : []
    row.push(k, { content: String(v), hAlign: 'right' })
    t.push(row)
  })
  return t.toString()
}

/** A plain table with a header row (builds and the like). */
export function listTable(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: PLAIN })
  for (const r of rows) t.push(r)
  return t.toString()
}
