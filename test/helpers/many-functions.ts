/**
 * A project with many functions, for the tests and the bench of builds at scale: f0..f<n-1> from the ping_pong
 * template, each on its own path /fN of the project's generated domain and answering its own text. f0 is made
 * through the Console (as `dream new function`); the others are copies of it added in one commit to each
 * repository, which is what n `dream new function` calls leave, without n pairs of pushes.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import type { Console, ProjectView } from '../../src/console/console.js'
import type { ConsoleSession } from '../../src/console/session.js'
import type { TemplateLanguage } from '../../src/console/templates.js'
import { editRepo } from '../../src/console/workspace.js'
import { generateId } from '../../src/shared/ids.js'

export interface ManyFunctions {
  /** The domain every function is served on. */
  fqdn: string
  names: string[]
}

/** What function `name` answers at `version`; `tag` sets apart projects whose functions must not share a module. */
export const answerOf = (name: string, version: number, tag = ''): string => `${tag}${name} v${version}`

/**
 * Adds functions f0..f<n-1> to `project` (nothing is pushed to patrick); each answers `answerOf(name, 1, tag)`.
 */
export async function addManyFunctions(
  c: Console,
  s: ConsoleSession,
  project: ProjectView,
  n: number,
  language: TemplateLanguage,
  tag = ''
): Promise<ManyFunctions> {
  const names = Array.from({ length: n }, (_, i) => `f${i}`)
  const first = await c.newFunction('f0', { project: project.name, template: 'ping_pong', language, path: '/f0' })
  await editRepo(project.config.url, s, `functions f1..f${n - 1}`, async dir => {
    const y = parse(await readFile(join(dir, 'functions', 'f0.yaml'), 'utf8')) as { trigger: object }
    for (const name of names.slice(1)) {
      const copy = { ...y, id: generateId(project.id, name), trigger: { ...y.trigger, paths: [`/${name}`] } }
      await writeFile(join(dir, 'functions', `${name}.yaml`), stringify(copy))
    }
  })
  await editRepo(project.code.url, s, `functions f1..f${n - 1}: code`, async dir => {
    for (const name of names) {
      const to = join(dir, 'functions', name)
      if (name !== 'f0') await cp(join(dir, 'functions', 'f0'), to, { recursive: true })
      await setAnswerIn(to, answerOf(name, 1, tag))
    }
  })
  return { fqdn: first.fqdn, names }
}

/** Commits new answers of some functions to the code repository (nothing is pushed to patrick). */
export async function changeAnswers(
  s: ConsoleSession,
  project: ProjectView,
  answers: Record<string, string>
): Promise<string> {
  return await editRepo(project.code.url, s, `new answers: ${Object.keys(answers).join(', ')}`, async dir => {
    for (const [name, text] of Object.entries(answers)) await setAnswerIn(join(dir, 'functions', name), text)
  })
}

/** Commits a source file replaced by `text` (e.g. one that does not compile). */
export async function replaceSource(
  s: ConsoleSession,
  project: ProjectView,
  name: string,
  text: string
): Promise<string> {
  return await editRepo(project.code.url, s, `function ${name}: new source`, async dir => {
    await writeFile(await sourceOf(join(dir, 'functions', name)), text)
  })
}

/** The template's one source file (ping_pong.ts or ping_pong.go) in a function's folder. */
async function sourceOf(fnDir: string): Promise<string> {
  const file = (await readdir(fnDir)).find(f => f.endsWith('.ts') || f.endsWith('.go'))
  if (file === undefined) throw new Error(`no source in ${fnDir}`)
  return join(fnDir, file)
}

/** The ping_pong source writes one string literal, `write("PONG")` in both languages: it becomes `text`. */
async function setAnswerIn(fnDir: string, text: string): Promise<void> {
  const file = await sourceOf(fnDir)
  const before = await readFile(file, 'utf8')
  const after = before.replace(/\("[^"\n]*"\)/, `(${JSON.stringify(text)})`)
  if (after === before) throw new Error(`no ("…") answer to replace in ${file}`)
  await writeFile(file, after)
}
