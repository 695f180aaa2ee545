import { execFile, spawn } from 'node:child_process'
import { cp, lstat, mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { BuildError } from '../../shared/errors.js'
import type { ZipFile } from '../../shared/zip.js'
import type { JobLog } from './job-log.js'
import { monkeySettings } from './settings.js'

/** Script output kept in the job log; the rest is counted, not kept. */
const LOG_CAP_BYTES = 256 * 1024
/** How long the output of a script that ended is still read. */
const DRAIN_MS = 2_000

const STEP_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/
const VAR_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * util-linux's unshare, as each script runs under it: a user namespace mapping the dream user to root (so no
 * privilege is needed where unprivileged user namespaces are enabled), a network namespace (only its own
 * loopback: nothing of this machine's network or anyone else's is reachable), a mount namespace with its own /proc
 * and a pid namespace (the script is pid 1: when it ends, everything it started ends, even what left its group).
 */
const UNSHARE_ARGS = [
  '--user',
  '--map-root-user',
  '--net',
  '--mount',
  '--pid',
  '--fork',
  '--mount-proc',
  '--kill-child'
]
/** Brings the namespace's own loopback up (it starts down), then runs the script given as $0. */
const IN_NAMESPACE =
  'for ip in ip /usr/sbin/ip /sbin/ip; do "$ip" link set lo up 2>/dev/null && break; done; exec /bin/sh "$0"'
const PROBE_TIMEOUT_MS = 10_000

/**
 * A site's files, every one together, at most this many bytes (what a substrate opens of a site is twice that:
 * a site that builds is served), and at most this many files. Sizes are taken from the file system before
 * anything is read, so a 1 GB file of zeros (a push of a megabyte) is refused without being read.
 */
const WEBSITE_LIMITS = { maxBytes: 128 * 1024 * 1024, maxFiles: 10_000 }

export interface WebsiteBuildOptions {
  /** The unshare command (tests name a missing one to see the refusal). */
  unshare?: string
  /** Longest the workflow may run, all steps together; default monkey's `workflowTimeoutMs`. */
  workflowTimeoutMs?: number
  /** Bytes of the site's files together (default WEBSITE_LIMITS.maxBytes). */
  maxBytes?: number
  /** Files of the site (default WEBSITE_LIMITS.maxFiles). */
  maxFiles?: number
}

interface WorkflowConfig {
  steps: string[]
  variables: Record<string, string>
}

/**
 * The files of a website, built as tau's monkey builds a website repository: the steps of
 * `.taubyte/config.yaml`'s `workflow` (or, without a config, `build` when `.taubyte/build.sh` exists) each run
 * `/bin/sh .taubyte/<step>.sh` in the repository with `$SRC` (the repository) and `$OUT` (an empty folder) set
 * plus the config's `environment.variables`, and the site is what they leave in `$OUT`. A repository without a
 * workflow is the site as it is, without `.git` and its taubyte folder.
 *
 * Containment, and its limits: the scripts run on a copy of the clone in the job's temporary folder (removed
 * with the job), inside their own user, network, mount and pid namespaces (UNSHARE_ARGS: they reach no network,
 * not this machine's control API nor the universe's ports, only the namespace's own loopback), with a minimal
 * environment (PATH, HOME and TMPDIR inside the job folder, LANG, SRC, OUT and the config's variables: nothing
 * of the node's own environment such as tokens), killed with all they started when the workflow outlives its
 * time limit or the job is cancelled, their output going to the job log. Where no such namespace can be made
 * the build is refused (BUILD_WEBSITE_UNCONTAINED), never run uncontained. It is NOT a full container as tau's
 * is: the files the dream user can read and write stay readable and writable to the scripts.
 */
export async function buildWebsite(
  repoDir: string,
  jobDir: string,
  log: JobLog,
  signal: AbortSignal,
  options: WebsiteBuildOptions = {}
): Promise<ZipFile[]> {
  const taubyte = await taubyteDir(repoDir)
  const config = await readWorkflow(repoDir, taubyte)
  if (config.steps.length === 0) {
    log.line('no .taubyte/build.sh or workflow: the site is the repository as it is')
    return await filesOf(repoDir, new Set(['.git', ...(taubyte !== undefined ? [taubyte] : [])]), log, options)
  }
  const unshare = options.unshare ?? 'unshare'
  await probeNamespaces(unshare)
  log.line('build scripts run in their own user, network (loopback only), mount and pid namespaces')
  const src = join(jobDir, 'website-src')
  const out = join(jobDir, 'website-out')
  const home = join(jobDir, 'website-home')
  await cp(repoDir, src, { recursive: true, filter: from => !from.endsWith('/.git') })
  await mkdir(out)
  await mkdir(home)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    ...config.variables,
    SRC: src,
    OUT: out
  }
  const timeoutMs = options.workflowTimeoutMs ?? monkeySettings().workflowTimeoutMs
  const deadline = Date.now() + timeoutMs
  for (const step of config.steps) {
    const script = join(src, taubyte ?? '.taubyte', `${step}.sh`)
    if (!(await isFile(script)))
      throw new BuildError(
        'BUILD_CONFIG',
        `workflow step "${step}" has no script: add ${taubyte ?? '.taubyte'}/${step}.sh or remove the step`
      )
    await log.step(
      `run ${taubyte ?? '.taubyte'}/${step}.sh`,
      async () => await runScript(unshare, script, src, env, { deadline, timeoutMs }, log, signal)
    )
  }
  const files = await filesOf(out, new Set(), log, options)
  if (files.length === 0)
    throw new BuildError('BUILD_WEBSITE_EMPTY', 'the website build left no file in $OUT: copy the site there')
  return files
}

/** `.taubyte`, or the older `taubyte` that tau still reads; undefined when the repository has neither. */
async function taubyteDir(repoDir: string): Promise<string | undefined> {
  for (const d of ['.taubyte', 'taubyte']) {
    const s = await lstat(join(repoDir, d)).catch(() => undefined)
    if (s?.isDirectory() === true) return d
  }
  return undefined
}

async function isFile(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined))?.isFile() === true
}

async function readWorkflow(repoDir: string, taubyte: string | undefined): Promise<WorkflowConfig> {
  if (taubyte === undefined) return { steps: [], variables: {} }
  const file = join(repoDir, taubyte, 'config.yaml')
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined)
    return { steps: (await isFile(join(repoDir, taubyte, 'build.sh'))) ? ['build'] : [], variables: {} }
  let doc: unknown
  try {
    doc = parse(text)
  } catch (err) {
    throw new BuildError('BUILD_CONFIG', `${taubyte}/config.yaml is not YAML: ${(err as Error).message}`)
  }
  const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>
  const workflow = o.workflow ?? []
  if (!Array.isArray(workflow) || workflow.some(s => typeof s !== 'string' || !STEP_RE.test(s)))
    throw new BuildError('BUILD_CONFIG', `${taubyte}/config.yaml: workflow must be a list of script names (build)`)
  // `enviroment` is the spelling older tau configs use; tau reads both.
  const envBlock = (o.environment ?? o.enviroment ?? {}) as Record<string, unknown> | null
  const vars = (envBlock?.variables ?? {}) as Record<string, unknown> | null
  const variables: Record<string, string> = {}
  for (const [k, v] of Object.entries(vars ?? {})) {
    if (!VAR_RE.test(k))
      throw new BuildError('BUILD_CONFIG', `${taubyte}/config.yaml: "${k}" is not an environment variable name`)
    variables[k] = String(v)
  }
  return { steps: workflow as string[], variables }
}

/** Refuses the build when the namespaces the scripts run in cannot be made here, naming why and what to do. */
async function probeNamespaces(unshare: string): Promise<void> {
  const failure = await new Promise<string | undefined>(resolve => {
    execFile(unshare, [...UNSHARE_ARGS, '/bin/true'], { timeout: PROBE_TIMEOUT_MS }, (err, _out, stderr) =>
      resolve(err === null ? undefined : stderr.trim() || err.message)
    )
  })
  if (failure !== undefined)
    throw new BuildError(
      'BUILD_WEBSITE_UNCONTAINED',
      `build scripts run only in their own network and user namespaces, and none could be made here ` +
        `(${unshare}: ${failure}): install util-linux's unshare and enable unprivileged user namespaces ` +
        `(sysctl user.max_user_namespaces > 0, kernel.unprivileged_userns_clone=1 where it exists), ` +
        `or build the site yourself and push it without .taubyte/build.sh`
    )
}

async function runScript(
  unshare: string,
  script: string,
  cwd: string,
  env: Record<string, string>,
  { deadline, timeoutMs }: { deadline: number; timeoutMs: number },
  log: JobLog,
  signal: AbortSignal
): Promise<void> {
  signal.throwIfAborted()
  const child = spawn(unshare, [...UNSHARE_ARGS, '/bin/sh', '-c', IN_NAMESPACE, script], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let kept = 0
  let dropped = 0
  let partial = ''
  const take = (b: Buffer): void => {
    if (kept >= LOG_CAP_BYTES) {
      dropped += b.length
      return
    }
    kept += b.length
    const lines = (partial + b.toString('utf8')).split('\n')
    partial = lines.pop() ?? ''
    for (const l of lines) log.line(`  ${l}`)
  }
  child.stdout.on('data', take)
  child.stderr.on('data', take)
  let why: string | undefined
  // The whole group: a script's own children go with it.
  const killGroup = (): void => {
    if (child.pid === undefined) return
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  const kill = (reason: string): void => {
    why ??= reason
    killGroup()
  }
  const timer = setTimeout(() => kill(`killed after ${timeoutMs / 1000} s`), Math.max(0, deadline - Date.now()))
  const onAbort = (): void => kill('job cancelled')
  signal.addEventListener('abort', onAbort)
  try {
    const closed = new Promise<void>(resolve => child.once('close', () => resolve()))
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', c => resolve(c))
    })
    // What the script left running in its group ends with it; its output is read to the end, unless something
    // that left the group still holds the pipes open.
    killGroup()
    let drain: NodeJS.Timeout | undefined
    await Promise.race([closed, new Promise<void>(resolve => (drain = setTimeout(resolve, DRAIN_MS)))])
    clearTimeout(drain)
    child.stdout.destroy()
    child.stderr.destroy()
    if (partial !== '') log.line(`  ${partial}`)
    if (dropped > 0) log.line(`  (${dropped} more bytes of output not kept)`)
    signal.throwIfAborted()
    if (why !== undefined)
      throw new BuildError('BUILD_WEBSITE_SCRIPT', `${script.split('/').slice(-2).join('/')} ${why}`)
    if (code !== 0)
      throw new BuildError(
        'BUILD_WEBSITE_SCRIPT',
        `${script.split('/').slice(-2).join('/')} exited with code ${code ?? 'none (killed)'}`
      )
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', onAbort)
  }
}

/**
 * Every regular file under `root` as an archive entry named by its path from `root`, sorted. Symbolic links are
 * left out (a link may point outside the site; tau refuses those too) and said so in the log. Past the site's
 * bounds (WEBSITE_LIMITS) the build is refused, BUILD_WEBSITE_TOO_LARGE, before the files are read.
 */
async function filesOf(root: string, skipTop: Set<string>, log: JobLog, o: WebsiteBuildOptions): Promise<ZipFile[]> {
  const maxBytes = o.maxBytes ?? WEBSITE_LIMITS.maxBytes
  const maxFiles = o.maxFiles ?? WEBSITE_LIMITS.maxFiles
  const found: ZipFile[] = []
  let total = 0
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (rel === '' && skipTop.has(name)) continue
      const path = join(dir, name)
      const relPath = rel === '' ? name : `${rel}/${name}`
      const s = await lstat(path)
      if (s.isDirectory()) await walk(path, relPath)
      else if (s.isFile()) {
        total += s.size
        if (found.push({ name: relPath, path }) > maxFiles)
          throw tooLarge(`the website has more than ${maxFiles} files`)
        if (total > maxBytes)
          throw tooLarge(`the website's files are over ${maxBytes} bytes together by ${relPath} (${s.size} bytes)`)
      } else log.line(`  left out ${relPath}: not a regular file`)
    }
  }
  await walk(root, '')
  return found
}

function tooLarge(what: string): BuildError {
  return new BuildError('BUILD_WEBSITE_TOO_LARGE', `${what}, more than a site may hold: make the site smaller`)
}
