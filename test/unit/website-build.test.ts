/**
 * A website repository's build (monkey's website-build.ts) on real folders and a real /bin/sh: the files as they
 * are without a workflow; build.sh's $OUT with the config's variables and nothing of the node's environment; the
 * clone left untouched; failures by code; a cancelled build's processes killed; a slow one cut off at its time;
 * the scripts cut off from this machine's network, and refused where they cannot be.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { chmod, mkdir, mkdtemp, readdir, readFile, truncate, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { JobLog } from '../../src/services/monkey/job-log.js'
import { buildWebsite } from '../../src/services/monkey/website-build.js'
import { tempDir } from '../helpers/githost.js'
import { waitFor } from '../helpers/universe.js'

let tmp: Awaited<ReturnType<typeof tempDir>>
before(async () => {
  tmp = await tempDir('dream-website-build-')
})
after(async () => {
  await tmp?.cleanup()
})

/** A repository folder with `files` (path → text) and an empty job folder beside it. */
async function repo(files: Record<string, string>): Promise<{ dir: string; job: string }> {
  const base = await mkdtemp(join(tmp.path, 'case-'))
  const dir = join(base, 'repo')
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), text)
    if (path.endsWith('.sh')) await chmod(join(dir, path), 0o755)
  }
  const job = join(base, 'job')
  await mkdir(job)
  return { dir, job }
}

const names = (files: Array<{ name: string }>): string[] => files.map(f => f.name)
/** A built file's text: the build names the files (in $OUT or the clone), the archive reads them later. */
const text = async (files: Array<{ name: string; path: string }>, name: string): Promise<string> =>
  await readFile(files.find(f => f.name === name)?.path ?? '', 'utf8')

test('without a build script the site is the repository as it is, without .git and .taubyte', async () => {
  const r = await repo({
    'index.html': '<p>hi',
    'css/a.css': 'a{}',
    '.git/HEAD': 'ref',
    '.taubyte/config.yaml': 'version: 1.00\nworkflow: []\n'
  })
  const files = await buildWebsite(r.dir, r.job, new JobLog(), new AbortController().signal)
  assert.deepEqual(names(files), ['css/a.css', 'index.html'])
})

test("build.sh's $OUT is the site; it sees the config's variables, not the node's environment", async () => {
  process.env.DREAM_WEBSITE_TEST_SECRET = 'leaked'
  try {
    const r = await repo({
      'src/page.html': '<p>page',
      '.taubyte/config.yaml': 'version: 1.00\nenvironment:\n  variables:\n    GREETING: hello\nworkflow:\n  - build\n',
      '.taubyte/build.sh': [
        'cp src/page.html "$OUT/index.html"',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: sh syntax
        'echo "$GREETING ${DREAM_WEBSITE_TEST_SECRET:-none}" > "$OUT/env.txt"',
        'touch "$SRC/made-by-build"',
        'echo "building in $(pwd)"'
      ].join('\n')
    })
    const log = new JobLog()
    const files = await buildWebsite(r.dir, r.job, log, new AbortController().signal)
    assert.deepEqual(names(files), ['env.txt', 'index.html'])
    assert.equal(await text(files, 'env.txt'), 'hello none\n')
    assert.match(log.text(), /building in \S+website-src/)
    assert.ok(!(await readdir(r.dir)).includes('made-by-build'), 'the clone itself is not changed')
  } finally {
    delete process.env.DREAM_WEBSITE_TEST_SECRET
  }
})

test('a build.sh without a config runs as the workflow "build", as in tau', async () => {
  const r = await repo({ '.taubyte/build.sh': 'echo ok > "$OUT/ok.txt"' })
  const files = await buildWebsite(r.dir, r.job, new JobLog(), new AbortController().signal)
  assert.deepEqual(names(files), ['ok.txt'])
})

test('failures by code: a failing script, an empty $OUT, a step without a script, a bad config', async () => {
  const signal = new AbortController().signal
  const failing = await repo({ '.taubyte/build.sh': 'echo nope >&2\nexit 7' })
  const log = new JobLog()
  await assert.rejects(buildWebsite(failing.dir, failing.job, log, signal), { code: 'BUILD_WEBSITE_SCRIPT' })
  assert.match(log.text(), /nope/)
  const empty = await repo({ '.taubyte/build.sh': 'true' })
  await assert.rejects(buildWebsite(empty.dir, empty.job, new JobLog(), signal), { code: 'BUILD_WEBSITE_EMPTY' })
  const missing = await repo({ '.taubyte/config.yaml': 'workflow:\n  - build\n  - minify\n', '.taubyte/build.sh': '' })
  await assert.rejects(buildWebsite(missing.dir, missing.job, new JobLog(), signal), { code: 'BUILD_CONFIG' })
  const climbing = await repo({ '.taubyte/config.yaml': 'workflow:\n  - ../../evil\n' })
  await assert.rejects(buildWebsite(climbing.dir, climbing.job, new JobLog(), signal), { code: 'BUILD_CONFIG' })
})

test('a cancelled build kills the script and what it started', async () => {
  // The script runs in its own pid namespace, so its pids mean nothing here: the sleep is found by its argument.
  const seconds = `300.${process.pid}`
  const r = await repo({ '.taubyte/build.sh': `sleep ${seconds} &\necho started\nwait` })
  const log = new JobLog()
  const abort = new AbortController()
  const build = buildWebsite(r.dir, r.job, log, abort.signal)
  await waitFor('the script to start', () => log.text().includes('started'))
  const sleeping = async (): Promise<boolean> => {
    for (const pid of await readdir('/proc')) {
      const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
      if (cmd === `sleep\0${seconds}\0`) return true
    }
    return false
  }
  assert.ok(await sleeping(), 'the background sleep runs')
  abort.abort()
  await assert.rejects(build, { name: 'AbortError' })
  await waitFor('the background sleep to be killed', async () => !(await sleeping()))
})

test('a workflow that outruns its time (a setting) is killed, and the error says after how long', async () => {
  const r = await repo({ '.taubyte/build.sh': 'echo started\nsleep 300' })
  const log = new JobLog()
  const started = Date.now()
  await assert.rejects(
    buildWebsite(r.dir, r.job, log, new AbortController().signal, { workflowTimeoutMs: 300 }),
    (e: { code?: string; message?: string }) =>
      e.code === 'BUILD_WEBSITE_SCRIPT' && /killed after 0\.3 s/.test(e.message ?? '')
  )
  assert.match(log.text(), /started/)
  assert.ok(Date.now() - started < 30_000, 'not the default five minutes')
})

test("build.sh cannot reach this machine's network; the log says it has loopback only", async () => {
  let reached = 0
  const server = createServer(socket => {
    reached++
    socket.end('hello')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  try {
    const connect =
      `require('net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('reached'); ` +
      `process.exit(0) }).on('error', e => { console.log('unreachable: ' + e.code); process.exit(3) })`
    const r = await repo({ '.taubyte/build.sh': `${JSON.stringify(process.execPath)} -e "${connect}"` })
    const log = new JobLog()
    await assert.rejects(buildWebsite(r.dir, r.job, log, new AbortController().signal), {
      code: 'BUILD_WEBSITE_SCRIPT'
    })
    assert.equal(reached, 0, 'the test server saw no connection')
    assert.match(log.text(), /unreachable: ECONNREFUSED/)
    assert.match(log.text(), /network \(loopback only\)/)
  } finally {
    await new Promise(resolve => server.close(resolve))
  }
})

test('where no namespace can be made, build scripts are refused, saying what is missing', async () => {
  const r = await repo({ '.taubyte/build.sh': 'echo ran > "$OUT/ran.txt"' })
  const signal = new AbortController().signal
  const options = { unshare: join(r.job, 'no-such-unshare') }
  await assert.rejects(buildWebsite(r.dir, r.job, new JobLog(), signal, options), (err: Error & { code: string }) => {
    assert.equal(err.code, 'BUILD_WEBSITE_UNCONTAINED')
    assert.match(err.message, /unprivileged user namespaces/)
    assert.match(err.message, /without \.taubyte\/build\.sh/)
    return true
  })
  assert.ok(!(await readdir(r.job)).includes('website-out'), 'nothing ran')
  // A website without a build script needs no namespace.
  const plain = await repo({ 'index.html': '<p>hi' })
  assert.deepEqual(names(await buildWebsite(plain.dir, plain.job, new JobLog(), signal, options)), ['index.html'])
})

test('a site past its bounds is refused before its files are read: too many files, too many bytes', async () => {
  const signal = new AbortController().signal
  const many = await repo({ 'index.html': '<p>hi', 'a.css': 'a{}', 'b.css': 'b{}' })
  await assert.rejects(buildWebsite(many.dir, many.job, new JobLog(), signal, { maxFiles: 2 }), {
    code: 'BUILD_WEBSITE_TOO_LARGE'
  })
  assert.deepEqual(names(await buildWebsite(many.dir, many.job, new JobLog(), signal, { maxFiles: 3 })), [
    'a.css',
    'b.css',
    'index.html'
  ])
  // A file of zeros 64 times the bound, sparse: it costs no disk, and reading it would cost its size in memory.
  const zeros = await repo({ 'index.html': '<p>hi', 'zeros.bin': '' })
  await truncate(join(zeros.dir, 'zeros.bin'), 64 * 1024 * 1024)
  await assert.rejects(buildWebsite(zeros.dir, zeros.job, new JobLog(), signal, { maxBytes: 1024 * 1024 }), {
    code: 'BUILD_WEBSITE_TOO_LARGE'
  })
})
