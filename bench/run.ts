/**
 * `npm run bench` (build, then `node dist/bench/run.js [section...] [--runs N] [--json]`): runs every section
 * (`bench/<name>.ts` exporting `run(ctx)` → rows) or the ones named, and prints the machine and one table.
 */
import Table from 'cli-table3'
import { readdir } from 'node:fs/promises'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { median, type Row, type Section } from './lib/section.js'

const HERE = dirname(fileURLToPath(import.meta.url))

interface Found {
  name: string
  section: Section
}

/** Every `<name>.js` next to this file (not run.js, not lib/) that exports `run`. */
async function discover(): Promise<Found[]> {
  const files = (await readdir(HERE, { withFileTypes: true }))
    .filter(f => f.isFile() && f.name.endsWith('.js') && f.name !== 'run.js')
    .map(f => f.name)
  const found: Found[] = []
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(HERE, file)).href)) as Partial<Section>
    if (typeof mod.run !== 'function') continue
    found.push({ name: basename(file, '.js'), section: mod as Section })
  }
  return found.sort((a, b) => (a.section.order ?? 100) - (b.section.order ?? 100) || a.name.localeCompare(b.name))
}

function parseArgs(argv: string[]): { names: string[]; runs: number; json: boolean } {
  const names: string[] = []
  let runs = 5
  let json = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (a === '--json') json = true
    else if (a === '--runs') runs = Number(argv[++i])
    else if (a.startsWith('--runs=')) runs = Number(a.slice(7))
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}; usage: run.js [section...] [--runs N] [--json]`)
    else names.push(a)
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1')
  return { names, runs, json }
}

function fmt(v: number, unit: Row['unit']): string {
  if (Number.isNaN(v)) return '-'
  return unit === 'MB' ? `${v.toFixed(1)} MB` : unit === 'ms' ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ${unit}`
}

function verdict(r: Row, med: number): string {
  if (r.target === undefined) return ''
  const ok = r.higherIsBetter === true ? med >= r.target : med < r.target
  return `${r.higherIsBetter === true ? '>' : '<'} ${fmt(r.target, r.unit)} ${ok ? 'ok' : 'MISSED'}`
}

function machine(): string[] {
  const c = cpus()
  const model = c[0]?.model.trim() ?? 'unknown cpu'
  return [
    `machine: ${model} × ${c.length} (${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM), ${process.platform} ${release()}`,
    `node ${process.version}; load average at start ${loadavg()
      .map(x => x.toFixed(2))
      .join(' ')}`
  ]
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const all = await discover()
  const unknown = args.names.filter(n => !all.some(f => f.name === n))
  if (unknown.length > 0) {
    process.stderr.write(`unknown section ${unknown.join(', ')}; sections: ${all.map(f => f.name).join(', ')}\n`)
    return 2
  }
  const chosen = args.names.length > 0 ? all.filter(f => args.names.includes(f.name)) : all
  const header = machine()
  if (!args.json) for (const l of header) process.stdout.write(`${l}\n`)

  const results: Array<{ section: string; rows: Row[] }> = []
  for (const { name, section } of chosen) {
    process.stderr.write(`[bench] ${section.title ?? name}\n`)
    const rows = await section.run({
      runs: args.runs,
      progress: msg => {
        process.stderr.write(`[bench] ${name}: ${msg}\n`)
      }
    })
    results.push({ section: name, rows })
  }

  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          machine: header,
          runs: args.runs,
          results: results.map(r => ({ ...r, rows: r.rows.map(x => ({ ...x, median: median(x.samples) })) }))
        },
        null,
        2
      )}\n`
    )
    return 0
  }
  const t = new Table({
    head: ['section', 'measure', 'median', 'min', 'max', 'runs', 'target'],
    style: { head: [], border: [] }
  })
  for (const { section, rows } of results) {
    for (const r of rows) {
      const med = median(r.samples)
      t.push([
        section,
        r.measure + (r.note !== undefined ? ` (${r.note})` : ''),
        { content: fmt(med, r.unit), hAlign: 'right' },
        { content: fmt(Math.min(...r.samples), r.unit), hAlign: 'right' },
        { content: fmt(Math.max(...r.samples), r.unit), hAlign: 'right' },
        { content: String(r.samples.length), hAlign: 'right' },
        verdict(r, med)
      ])
    }
  }
  process.stdout.write(`${t.toString()}\n`)
  return 0
}

main().then(
  code => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exitCode = 1
  }
)
