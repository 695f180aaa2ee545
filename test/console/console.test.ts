/**
 * The walkthrough's console half in real Chromium against a real daemon (`dream new multiverse`): create a
 * project, add a function from the ping_pong template with GeneratedDomain, check the Yaml tab (both ways),
 * change PONG in the Code tab, push with a commit message (cloned and committed in the browser), watch a config
 * and a code job succeed on Builds, and Run the function to see the changed body; with the Go template, then
 * with AssemblyScript's in a second project. Also: the Network page following nodes, Edit code of a pushed
 * function, and a compile error pushed from the console as a failed build with its log. Screenshots of each page
 * go to test-output/console/.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Locator, Page } from 'playwright-core'
import { type DreamProcess, dreamEnv, startMultiverse } from '../helpers/cli.js'
import { isolatedGit, ok, tempDir } from '../helpers/githost.js'
import { launchChromium } from './browser.js'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const SHOTS = join(REPO_ROOT, 'test-output', 'console')
const BUILD_MS = 240_000

describe('the web console in Chromium', { timeout: 600_000 }, () => {
  let env: Awaited<ReturnType<typeof dreamEnv>>
  let tmp: Awaited<ReturnType<typeof tempDir>>
  let daemon: DreamProcess
  let browser: Browser
  let page: Page
  /** The function's name and its source file as the test left it. */
  let fnName = ''
  let sourcePath = ''
  let sourceText = ''
  const errors: string[] = []
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
  }
  const go = async (link: string): Promise<void> => {
    await page.getByRole('link', { name: link, exact: true }).click()
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${link}`) }).waitFor()
  }

  /** Clicks Run in `row` until the body is `expected` (the new code is served shortly after its build). */
  const runUntil = async (row: Locator, expected: string, ms = 60_000): Promise<string> => {
    const deadline = Date.now() + ms
    let body = ''
    while (Date.now() < deadline) {
      await row.getByRole('button', { name: 'Run' }).click()
      const response = page.getByRole('region', { name: 'Response' })
      await response.waitFor()
      body = (await response.getByLabel('Body').textContent()) ?? ''
      if (body === expected) break
      await page.waitForTimeout(500)
    }
    return body
  }

  before(async () => {
    await mkdir(SHOTS, { recursive: true })
    env = await dreamEnv()
    tmp = await tempDir('dream-console-')
    daemon = await startMultiverse({ home: env.home, args: ['--api-port', String(env.apiPort)], timeoutMs: 120_000 })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('pageerror', e => errors.push(String(e)))
    page.setDefaultTimeout(30_000)
  })
  after(async () => {
    await browser?.close()
    await daemon?.stop('SIGTERM').catch(async () => {
      await daemon?.stop('SIGKILL')
    })
    await env?.cleanup()
    await tmp?.cleanup()
  })

  test('Network: the nodes and their links, following nodes injected and killed', async () => {
    await page.goto(`http://127.0.0.1:${env.apiPort}/`)
    for (const name of ['Network', 'Projects', 'Functions', 'Domains', 'Builds']) {
      await page.getByRole('link', { name, exact: true }).waitFor()
    }

    await go('Network')
    const nodes = page.getByRole('table', { name: 'Nodes' })
    await nodes.getByRole('cell', { name: 'substrate', exact: true }).waitFor()
    await shot('network')
    // The list follows nodes injected and killed behind its back.
    const api = async (method: string, path: string): Promise<void> => {
      const res = await fetch(`http://127.0.0.1:${env.apiPort}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: '{}'
      })
      assert.ok(res.ok, await res.text())
    }
    await api('POST', '/simple/blackhole/watcher')
    await nodes.getByRole('cell', { name: 'watcher', exact: true }).waitFor()
    await api('DELETE', '/simple/blackhole/watcher')
    await nodes.getByRole('cell', { name: 'watcher', exact: true }).waitFor({ state: 'detached' })
  })

  /** The article's console steps with the ping_pong template of `language`, in a new project. */
  const articleFlow = async (language: string, project: string): Promise<void> => {
    await go('Projects')
    await page.getByRole('button', { name: 'New project' }).click()
    const form = page.getByRole('form', { name: 'New project' })
    await form.getByLabel('Name').fill(project)
    await form.getByLabel('Description').fill('the walkthrough')
    await form.getByRole('button', { name: 'Create project' }).click()
    await page.getByText(`project ${project}`).waitFor({ timeout: 60_000 })
    await shot(`${language}-projects`)

    await go('Functions')
    await page.getByRole('button', { name: 'New function' }).click()
    await page.getByRole('button', { name: 'Templates' }).click()
    const kit = (await (await fetch(`http://127.0.0.1:${env.apiPort}/console-kit/templates`)).json()) as {
      templates: Array<{ name: string; language: string; files: Record<string, string> }>
    }
    const template = kit.templates.find(t => t.name === 'ping_pong' && t.language === language)
    assert.ok(template !== undefined, `a ${language} ping_pong template`)
    await page.getByRole('button', { name: `${template.language} ${template.name}`, exact: true }).click()
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), template.name)
    assert.equal(await page.getByLabel('Domains').inputValue(), 'GeneratedDomain')
    await shot(`${language}-function-form`)

    await page.getByRole('tab', { name: 'Yaml' }).click()
    const yaml = page.getByLabel('YAML')
    const text = await yaml.inputValue()
    assert.match(text, /method: GET/)
    assert.match(text, /paths:\n\s+- \/ping/)
    assert.match(text, /domains:\n\s+- GeneratedDomain/)
    assert.match(text, /call: ping/)
    // Edits in the YAML come back into the form.
    await yaml.fill(text.replace(/timeout: \S+/, 'timeout: 20s'))
    await shot(`${language}-function-yaml`)
    await page.getByRole('tab', { name: 'Form' }).click()
    assert.equal(await page.getByLabel('Timeout').inputValue(), '20s')

    await page.getByRole('tab', { name: 'Code' }).click()
    const [source, original] = Object.entries(template.files).find(
      ([path, code]) => !path.startsWith('.') && code.includes('"PONG"')
    ) ?? ['', '']
    assert.ok(original.includes('PONG'), 'the template answers PONG')
    await page.getByRole('button', { name: source, exact: true }).click()
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    fnName = template.name
    sourcePath = source
    sourceText = original.replace('"PONG"', '"PONG from the console"')
    await page.keyboard.insertText(sourceText)
    await shot(`${language}-function-code`)
    await page.getByRole('button', { name: 'Done' }).click()
    const row = page.getByRole('row', { name: new RegExp(template.name) }).first()
    await row.getByText('unpushed').waitFor()
    await shot(`${language}-functions`)

    await page.getByRole('button', { name: 'Push', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Push changes' })
    await dialog.getByText('GeneratedDomain.yaml').waitFor()
    assert.match(
      (await dialog.getByLabel('domains/GeneratedDomain.yaml').textContent()) ?? '',
      /fqdn: \w+0\.blackhole\.localtau/
    )
    await shot(`${language}-push-config`)
    await dialog.getByRole('button', { name: 'Next' }).click()
    await dialog.getByText('PONG from the console').first().waitFor()
    await shot(`${language}-push-code`)
    await dialog.getByRole('button', { name: 'Next' }).click()
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill('ping_pong from the console')
    await dialog.getByRole('button', { name: 'Push', exact: true }).click()
    await dialog.waitFor({ state: 'detached', timeout: 60_000 })

    // The commits made in the browser are on the git host, seen by CLI clones; Builds shows their jobs succeed.
    await page.getByRole('heading', { level: 1, name: /^Builds/ }).waitFor()
    const session = (await (await fetch(`http://127.0.0.1:${env.apiPort}/console/blackhole`)).json()) as {
      git: string
      login: string
      token: string
    }
    const git = isolatedGit(join(tmp.path, 'home'))
    const jobs = page.getByRole('table', { name: 'Jobs' })
    for (const [type, repo] of [
      ['config', `tb_${project}`],
      ['code', `tb_code_${project}`]
    ] as const) {
      const url = new URL(`${session.git}/${session.login}/${repo}.git`)
      url.username = session.login
      url.password = session.token
      const dir = join(tmp.path, repo)
      await ok(git(['clone', '-q', url.toString(), dir]))
      assert.equal((await ok(git(['log', '-1', '--format=%s'], dir))).trim(), 'ping_pong from the console')
      const commit = (await ok(git(['rev-parse', '--short=7', 'HEAD'], dir))).trim()
      const job = jobs.locator(`tr[data-type="${type}"][data-commit="${commit}"][data-status="succeeded"]`)
      await job.waitFor({ timeout: BUILD_MS })
    }
    await jobs.locator('tr[data-type=code]').first().getByRole('button').click()
    await page.getByRole('region', { name: 'Job log' }).getByText('(succeeded)').waitFor({ timeout: BUILD_MS })
    await shot(`${language}-builds`)

    // Run calls the function through the substrate; the code may take a moment to be served after the build.
    await go('Functions')
    const fn = page.getByRole('row', { name: new RegExp(template.name) }).first()
    await fn.getByText('pushed', { exact: true }).waitFor()
    assert.equal(await runUntil(fn, 'PONG from the console'), 'PONG from the console')
    const headers = (await page.getByRole('region', { name: 'Response' }).locator('pre.headers').textContent()) ?? ''
    assert.match(headers, /^x-dream-/m)
    await shot(`${language}-run`)
    assert.deepEqual(errors, [], 'no page errors')
  }

  test('Go: create project → ping_pong from the template → Yaml → Code → Push → Builds → Run', async () => {
    await articleFlow('go', 'article')
  })

  test('Edit code of a pushed function: its diff, a push from the browser, the new answer', async () => {
    await go('Functions')
    const fn = page.getByRole('row', { name: new RegExp(fnName) }).first()
    await fn.getByRole('button', { name: 'Edit code' }).click()
    const code = page.getByRole('region', { name: `Code of ${fnName}` })
    await code.getByRole('button', { name: sourcePath, exact: true }).click()
    await code.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(sourceText.replace('PONG from the console', 'PONG again'))
    await page.getByRole('button', { name: 'Push', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Push changes' })
    await dialog.getByText('No config changes.').waitFor()
    await dialog.getByRole('button', { name: 'Next' }).click()
    const diff = (await dialog.locator('pre.diff').textContent()) ?? ''
    assert.match(diff, /^- .*PONG from the console/m)
    assert.match(diff, /^\+ .*PONG again/m)
    await dialog.getByRole('button', { name: 'Next' }).click()
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill('say PONG again')
    await dialog.getByRole('button', { name: 'Push', exact: true }).click()
    await dialog.waitFor({ state: 'detached', timeout: 60_000 })
    await go('Functions')
    const row = page.getByRole('row', { name: new RegExp(fnName) }).first()
    assert.equal(await runUntil(row, 'PONG again'), 'PONG again')
  })

  test('a compile error pushed from the console is a failed code job with its log', async () => {
    await page.getByRole('button', { name: 'New function' }).click()
    await page.getByRole('button', { name: 'Templates' }).click()
    await page.getByRole('button', { name: 'go ping_pong', exact: true }).click()
    await page.getByLabel('Name', { exact: true }).fill('broken')
    await page.getByLabel('Paths').fill('/broken')
    await page.getByRole('tab', { name: 'Code' }).click()
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText('this is not a program (\n')
    await page.getByRole('button', { name: 'Done' }).click()
    await page
      .getByRole('row', { name: /broken/ })
      .first()
      .getByText('unpushed')
      .waitFor()
    await page.getByRole('button', { name: 'Push', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Push changes' })
    await dialog.getByRole('button', { name: 'Next' }).click()
    await dialog.getByRole('button', { name: 'Next' }).click()
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill('a function that does not compile')
    await dialog.getByRole('button', { name: 'Push', exact: true }).click()
    await dialog.waitFor({ state: 'detached', timeout: 60_000 })
    const failed = page.getByRole('table', { name: 'Jobs' }).locator('tr[data-type="code"][data-status="failed"]')
    await failed.first().waitFor({ timeout: BUILD_MS })
    await failed.first().getByRole('button').click()
    const log = page.getByRole('region', { name: 'Job log' })
    await log.getByText('(failed)').waitFor({ timeout: BUILD_MS })
    assert.match((await log.locator('pre').textContent()) ?? '', /broken/)
    await shot('builds-failed')
  })

  test('AssemblyScript: the same steps with its ping_pong template, in a second project', async () => {
    await articleFlow('assemblyscript', 'article_as')
  })
  test('the picker offers upload and p2p_echo in both languages; p2p_echo adds its p2p function', async () => {
    await go('Functions')
    await page.getByRole('button', { name: 'New function' }).click()
    await page.getByRole('button', { name: 'Templates' }).click()
    const picker = page.getByRole('group', { name: 'Template picker' })
    for (const language of ['go', 'assemblyscript']) {
      for (const name of ['upload', 'p2p_echo']) {
        await picker.getByRole('button', { name: `${language} ${name}`, exact: true }).waitFor()
      }
    }
    await picker.getByRole('button', { name: 'assemblyscript p2p_echo', exact: true }).click()
    await page.getByText('also makes p2p_echo_p2p (p2p command echo)').waitFor()
    await shot('p2p-echo-form')
    await page.getByRole('button', { name: 'Done' }).click()
    const companion = page.getByRole('row', { name: /p2p_echo_p2p/ }).first()
    await companion.getByText('unpushed').waitFor()
    assert.match((await companion.textContent()) ?? '', /P2P\s*p2p_echo echo/)
    assert.equal(await companion.getByRole('button', { name: 'Run' }).count(), 0, 'a p2p function has no Run')

    await page.getByRole('button', { name: 'Push', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Push changes' })
    const tree = dialog.getByRole('tree', { name: 'Changed files' })
    await tree.getByText('p2p_echo_p2p.yaml').waitFor()
    const files = (await tree.textContent()) ?? ''
    assert.match(files, /services\/\s*\+ p2p_echo\.yaml/)
    assert.match(files, /functions\/\s*(\+ p2p_echo(_p2p)?\.yaml\s*){2}services/)
    await dialog.getByRole('button', { name: 'Next' }).click()
    await dialog.getByText('functions/p2p_echo_p2p/echo.ts').waitFor()
    await dialog.getByRole('button', { name: 'Next' }).click()
    await dialog.getByRole('textbox', { name: 'Commit message' }).fill('p2p_echo from the console')
    await dialog.getByRole('button', { name: 'Push', exact: true }).click()
    await dialog.waitFor({ state: 'detached', timeout: 60_000 })

    // Run posts no body: the p2p function answers "echo: " and nothing after it, through the HTTP function.
    await go('Functions')
    const fn = page.getByRole('row', { name: /^p2p_echo POST/ }).first()
    await fn.getByText('pushed', { exact: true }).waitFor()
    const body = await runUntil(fn, 'echo: ', BUILD_MS)
    // On a failure, the last log lines of both functions say why.
    const logs = async (name: string): Promise<string> => {
      const url = `http://127.0.0.1:${env.apiPort}/function-logs/blackhole?function=${name}`
      const { logs } = (await (await fetch(url)).json()) as { logs: Array<{ line: string }> }
      return logs
        .slice(-3)
        .map(l => l.line)
        .join('\n')
    }
    assert.equal(body, 'echo: ', `logs: ${await logs('p2p_echo')}\n${await logs('p2p_echo_p2p')}`)
    await shot('p2p-echo-run')
    assert.deepEqual(errors, [], 'no page errors')
  })
})
