import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { mkdirPrivate, writeFilePrivate } from './private-fs.js'

/**
 * The control API's bearer token: random per daemon, in an owner-only file under the owner's state folder
 * (`~/.cache/dream/api-<port>.token`, 0600), so the owner's tools can send it where the API cannot tell who
 * connected (no /proc), and no other user of the machine can read it.
 */

export function apiTokenFile(port: number): string {
  return join(homedir(), '.cache', 'dream', `api-${port}.token`)
}

export function newApiToken(): string {
  return randomBytes(32).toString('base64url')
}

export async function writeApiToken(port: number, token: string): Promise<void> {
  const file = apiTokenFile(port)
  await mkdirPrivate(join(file, '..'))
  await writeFilePrivate(file, `${token}\n`)
}

/** The token of the dream on `port`, if this user can read it. */
export async function readApiToken(port: number): Promise<string | undefined> {
  const text = await readFile(apiTokenFile(port), 'utf8').catch(() => undefined)
  const token = text?.trim()
  return token === undefined || token === '' ? undefined : token
}

/** Removes the file if it still holds `token` (another dream may have started on the port since). */
export async function removeApiToken(port: number, token: string): Promise<void> {
  if ((await readApiToken(port)) === token) await rm(apiTokenFile(port), { force: true })
}
