/**
 * The web console in Debian's Chromium (playwright-core) against `dream new multiverse` run as a process: from
 * navigation to the page until the article's navigation links and the New project button are there, each run in
 * a fresh browser context (nothing cached), and the size of the bundle the browser downloads, gzipped.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { launchChromium } from '../test/console/browser.js'
import { freePort } from '../test/helpers/universe.js'
import { type BenchContext, type Row, since } from './lib/section.js'

export const title = 'web console: page load until usable, in Chromium'
export const order = 60

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** `dream new multiverse` until its SUCCESS line (bounded). */
async function startDream(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'dream.js'), 'new', 'multiverse'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dream did not start within 120 s:\n${out}`)), 120_000)
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d
      if (/^\[SUCCESS\] Universe blackhole started!$/m.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', () => reject(new Error(`dream exited:\n${out}`)))
  })
  return child
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const home = await mkdtemp(join(tmpdir(), 'dream-bench-console-'))
  const port = await freePort()
  const daemon = await startDream({ ...process.env, HOME: home, NO_COLOR: '1', DREAM_API_PORT: String(port) })
  const browser = await launchChromium()
  const usable: number[] = []
  const json: number[] = []
  try {
    for (let i = 0; i <= ctx.runs; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      let t0 = performance.now()
      await page.goto(`http://127.0.0.1:${port}/ping`)
      const ping = since(t0)
      t0 = performance.now()
      await page.goto(`http://127.0.0.1:${port}/`)
      for (const name of ['Network', 'Projects', 'Functions', 'Domains', 'Builds']) {
        await page.getByRole('link', { name, exact: true }).waitFor({ timeout: 10_000 })
      }
      await page.getByRole('button', { name: 'New project' }).waitFor({ timeout: 10_000 })
      const ms = since(t0)
      await context.close()
      // The first run starts the browser's own caches and processes: not counted.
      if (i === 0) continue
      usable.push(ms)
      json.push(ping)
      ctx.progress(`console usable in ${ms.toFixed(0)} ms`)
    }
  } finally {
    await browser.close()
    const exited = new Promise(resolve => daemon.once('exit', resolve))
    daemon.kill('SIGTERM')
    await exited
    await rm(home, { recursive: true, force: true })
  }
  // The page's script and the chunks it loads later (the editor, isomorphic-git), each gzipped.
  const web = join(ROOT, 'dist', 'web')
  let bundle = 0
  for (const f of await readdir(web))
    if (f.endsWith('.js')) bundle += gzipSync(await readFile(join(web, f))).length / 1e6
  return [
    { measure: 'navigation → console usable (links and New project)', unit: 'ms', samples: usable, target: 1000 },
    { measure: 'baseline: navigation to GET /ping (JSON) on the same API', unit: 'ms', samples: json },
    { measure: 'bundle served to the browser (all chunks), gzipped', unit: 'MB', samples: [bundle], target: 1.5 }
  ]
}
