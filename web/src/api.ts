/** The control API of the daemon that serves this page (same origin: no token, no CORS). */
import type { TemplateResources } from '../../src/console/template-resources.js'
import { jsonAnswer } from '../../src/shared/http-answer.js'

export async function getJson<T>(path: string): Promise<T> {
  return (await jsonAnswer(await fetch(path), { request: `GET ${path}`, fallback: 'API_ERROR' })) as T
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  return (await jsonAnswer(res, { request: `POST ${path}`, fallback: 'API_ERROR' })) as T
}

export interface Session {
  universe: string
  fqdn: string
  git: string
  login: string
}
export interface ProjectRef {
  id: string
  name: string
  config: string
  code: string
}
export interface Template extends TemplateResources {
  name: string
  description: string
  language: string
  type: 'http' | 'https' | 'p2p'
  method: string
  paths: string[]
  /** A p2p function's service and command. */
  service: string
  command: string
  timeout: string
  memory: string
  call: string
  files: Record<string, string>
  /** Functions made with this one, named `<function name>_<suffix>` (a p2p function its code calls). */
  companions: Array<Omit<Template, 'companions'> & { suffix: string }>
}
export interface BuildRow {
  id: string
  project: string
  repo: string
  type: string
  branch: string
  commit: string
  status: string
  received: number
  finished?: number
}
interface ChartNode {
  id: string
  name: string
  value: Record<string, number>
}
export interface Chart {
  nodes: ChartNode[]
  links: Array<{ source: string; target: string }>
}
export interface CallResult {
  status: number
  headers: Record<string, string>
  /** The body's first bytes (the API keeps at most a few MiB of it). */
  body: string
  /** The whole body's size in bytes. */
  size: number
  truncated: boolean
  ms: number
}
export interface FunctionLog {
  at: number
  function: string
  line: string
  node: string
}

/** Polls `load` every `ms` until `signal` aborts; errors go to `onError` and polling goes on. */
export function poll(ms: number, signal: AbortSignal, load: () => Promise<void>, onError: (e: unknown) => void): void {
  const tick = async (): Promise<void> => {
    if (signal.aborted) return
    await load().catch(onError)
    if (!signal.aborted) setTimeout(() => void tick(), ms)
  }
  void tick()
}
