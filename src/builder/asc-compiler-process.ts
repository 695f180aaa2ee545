/**
 * Child process that owns the AssemblyScript compiler. Loading asc costs ~0.5 s and ~300 MB (binaryen), and
 * its first compile is cold (~1.4 s), so the child is reused while builds come (later compiles take ~0.3 s and
 * never block the builder's caller) and ended by its client after a while without any (compiler-client.ts).
 * Files are served through a virtual FS: the function dir (read-only, nothing outside it, regular files only: the
 * builder has refused links before, source-tree.ts), the SDK as package `sdk`, output captured in memory.
 */
import { lstatSync, readFileSync, readdirSync } from 'node:fs'
import { resolve, relative, sep } from 'node:path'
import { setPriority } from 'node:os'
import type { CompileJob, CompileResult, Diagnostic } from './protocol.js'
import { withLineTable } from './source-map.js'

// A child process (forked with IPC), not a worker thread: binaryen holds ~300 MB, which then stays out of the
// daemon's own memory, as real tau builds run in containers outside the node.
const send = process.send?.bind(process)
if (send === undefined) throw new Error('asc-compiler-process must run as a forked child process')
// If the node that forked us dies, so do we: nothing else would ever end this process.
process.on('disconnect', () => {
  process.exit(0)
})

// Builds are background work, as tau's build containers are: they must not take CPU from the nodes serving.
try {
  setPriority(19)
} catch {}

const ascPromise = import('assemblyscript/asc').then(m => m.default)

const SDK_RE = /(?:^|\/)node_modules\/sdk\/(.+)$/

function inside(root: string, p: string): boolean {
  const rel = relative(root, p)
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..')
}

function readText(p: string): string | null {
  try {
    return readFileSync(p, 'utf8')
  } catch {
    return null
  }
}

/** Maps a compiler path to a disk path: SDK package files, else files inside the function dir. */
function diskPath(job: CompileJob, filename: string, baseDir: string): string | null {
  const norm = filename.replace(/\\/g, '/')
  const sdk = SDK_RE.exec(norm)
  if (sdk?.[1] !== undefined) {
    const p = resolve(job.sdkDir, sdk[1])
    return inside(job.sdkDir, p) ? p : null
  }
  const p = resolve(job.dir, baseDir, norm)
  return inside(job.dir, p) ? p : null
}

const CATEGORY: Record<number, Diagnostic['category']> = { 3: 'error', 2: 'warning' }

interface RawRange {
  start: number
  source: { normalizedPath: string }
}

/** Where the compiler's normalized path lives on disk (`~lib/sdk/...` is the SDK package). */
function sourcePath(job: CompileJob, normalized: string): string {
  return normalized.startsWith('~lib/sdk/')
    ? resolve(job.sdkDir, normalized.slice('~lib/sdk/'.length))
    : resolve(job.dir, normalized)
}

/** Converts a compiler diagnostic to file (relative to the function dir) and 1-based line:column. */
function toDiagnostic(
  job: CompileJob,
  d: { code: number; category: number; message: string; range: RawRange | null }
): Diagnostic {
  const out: Diagnostic = { category: CATEGORY[d.category] ?? 'info', code: d.code, message: d.message }
  const r = d.range
  if (r === null) return out
  const normalized = r.source.normalizedPath
  out.file = normalized.replace(/^~lib\/sdk\//, 'sdk/')
  if (normalized.startsWith('~lib/') && !normalized.startsWith('~lib/sdk/')) return out // stdlib: no file on disk
  // The reporter gets offsets only; lines come from the file the compiler read.
  const text = readText(sourcePath(job, normalized))
  if (text !== null) {
    const before = text.slice(0, r.start)
    out.line = before.split('\n').length
    out.column = r.start - before.lastIndexOf('\n')
  }
  return out
}

async function compile(job: CompileJob): Promise<CompileResult> {
  const t0 = performance.now()
  const asc = await ascPromise
  let output = ''
  const stream = {
    write: (c: Uint8Array | string) => {
      output += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')
    }
  }
  const diagnostics: Diagnostic[] = []
  let wasm: Uint8Array | undefined
  let sourceMap: string | undefined
  const res = await asc.main([job.entry, ...job.args], {
    stdout: stream,
    stderr: stream,
    // asconfig.json is ignored on purpose: the ABI-relevant options are the builder's, not the repo's.
    readFile: (f, base) => {
      if (f === 'asconfig.json' || f.endsWith('/asconfig.json')) return null
      const p = diskPath(job, f, base)
      return p === null || lstatSync(p, { throwIfNoEntry: false })?.isFile() !== true ? null : readText(p)
    },
    writeFile: (f, contents) => {
      // A copy: the compiler's array may view binaryen's heap, which must not be transferred away.
      if (f.endsWith('.wasm') && typeof contents !== 'string') wasm = contents.slice()
      if (f.endsWith('.wasm.map') && typeof contents === 'string') sourceMap = contents
    },
    listFiles: (d, base) => {
      const p = diskPath(job, d, base)
      if (p === null) return null
      try {
        return readdirSync(p).filter(n => n.endsWith('.ts'))
      } catch {
        return null
      }
    },
    reportDiagnostic: d => {
      diagnostics.push(toDiagnostic(job, d as unknown as Parameters<typeof toDiagnostic>[1]))
    }
  })
  const ok = res.error === null && wasm !== undefined
  const r: CompileResult = { id: job.id, ok, diagnostics, output, ms: performance.now() - t0 }
  if (wasm !== undefined) r.wasm = sourceMap === undefined ? wasm : withLineTable(wasm, sourceMap, job.sourcePrefix)
  if (res.error !== null) r.error = res.error.message
  return r
}

process.on('message', (job: CompileJob) => {
  compile(job).then(
    r => {
      send(r)
    },
    (err: unknown) => {
      const r: CompileResult = {
        id: job.id,
        ok: false,
        diagnostics: [],
        output: '',
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        ms: 0
      }
      send(r)
    }
  )
})
// Load the compiler now, so the first build only pays the cold compile.
ascPromise.catch(() => {
  /* reported on the first job */
})
