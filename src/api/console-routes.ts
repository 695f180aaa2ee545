import { request as httpRequest } from 'node:http'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { Console } from '../console/console.js'
import { sessionFor } from '../console/for-universe.js'
import { allTemplates, templateFiles } from '../console/templates.js'
import { DreamError, InvalidInputError } from '../shared/errors.js'
import { generateId } from '../shared/ids.js'
import { SubstrateClient } from '../services/substrate/client.js'
import type { Multiverse } from '../universe/multiverse.js'
import { refuseCrossOrigin } from './origin-guard.js'

interface U {
  universe: string
}
interface CallBody {
  method: string
  host: string
  path: string
  body?: string
}
const HOST_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i

const projectBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string' }, description: { type: 'string' }, private: { type: 'boolean' } }
} as const
const callBody = {
  type: 'object',
  required: ['method', 'host', 'path'],
  additionalProperties: false,
  properties: {
    method: { type: 'string', pattern: '^[A-Za-z]{1,16}$' },
    host: { type: 'string' },
    path: { type: 'string', pattern: '^/' },
    body: { type: 'string' }
  }
} as const

/**
 * What the web console asks of the daemon besides the control API: the function templates (metadata and files),
 * fresh resource ids, project creation (the same Console as `dream new project`), and function calls through a
 * substrate with the function's Host (a browser cannot set Host). Same-origin pages only: they act as the user.
 */
export const consoleRoutes =
  (mv: Multiverse, o: { runBodyBytes?: number } = {}): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get('/console-kit/templates', async req => {
      refuseCrossOrigin(req)
      const out = []
      for (const t of await allTemplates()) {
        const { codeDir: _dir, companions, ...meta } = t
        const withFiles = []
        for (const c of companions) {
          const { codeDir: _cdir, companions: _none, ...cmeta } = c
          withFiles.push({ ...cmeta, files: await templateFiles(c) })
        }
        out.push({ ...meta, companions: withFiles, files: await templateFiles(t) })
      }
      return { templates: out }
    })
    app.get<{ Querystring: { for?: string } }>('/console-kit/new-id', async req => {
      refuseCrossOrigin(req)
      return { id: generateId(req.query.for ?? '') }
    })
    app.post<{ Params: U; Body: { name: string; description?: string; private?: boolean } }>(
      '/console/:universe/project',
      { schema: { body: projectBody } },
      async req => {
        refuseCrossOrigin(req)
        const c = new Console(await sessionFor(mv.get(req.params.universe)))
        const { name, ...o } = req.body
        const p = await c.newProject(name, o)
        return { project: { id: p.id, name: p.name, config: p.config.fullname, code: p.code.fullname } }
      }
    )
    app.get<{ Params: U & { name: string } }>('/console/:universe/projects/:name', async req => {
      refuseCrossOrigin(req)
      const p = await new Console(await sessionFor(mv.get(req.params.universe))).project(req.params.name)
      return { project: { id: p.id, name: p.name, config: p.config.fullname, code: p.code.fullname } }
    })
    app.post<{ Params: U; Body: CallBody }>('/call/:universe', { schema: { body: callBody } }, async req => {
      refuseCrossOrigin(req)
      const u = mv.get(req.params.universe)
      if (!HOST_RE.test(req.body.host)) {
        throw new InvalidInputError('CALL_HOST', `"${req.body.host}" is not a host name`)
      }
      const port = new SubstrateClient(u.clientNode(), u.directory).peers()[0]?.ports.http
      if (port === undefined) {
        throw new DreamError('NO_SUBSTRATE', `no substrate serves HTTP in ${u.name}; \`dream inject substrate\``, {
          expose: true
        })
      }
      return await forward(port, req.body, o.runBodyBytes ?? RUN_BODY_BYTES)
    })
  }

/** What a Run answers of a function's body: its first bytes (a browser shows no more), with the body's real size. */
const RUN_BODY_BYTES = 4 * 1024 * 1024

interface CallResult {
  status: number
  headers: Record<string, string>
  /** The body's first `runBodyBytes` bytes as UTF-8. */
  body: string
  /** The whole body's length in bytes (more than `body` holds when `truncated`). */
  size: number
  truncated: boolean
  ms: number
}

/**
 * One request to the substrate on 127.0.0.1:`port` with the function's Host (fetch would replace Host). Only the
 * body's first `keep` bytes are held: the rest is counted as it passes, so no answer grows the daemon's memory
 * (one of 520 MiB made a string longer than V8 allows and ended the daemon).
 */
async function forward(port: number, c: CallBody, keep: number): Promise<CallResult> {
  const t0 = performance.now()
  return await new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: c.host }
    if (c.body !== undefined) headers['content-length'] = String(Buffer.byteLength(c.body))
    const req = httpRequest({ host: '127.0.0.1', port, method: c.method.toUpperCase(), path: c.path, headers }, res => {
      const chunks: Buffer[] = []
      let held = 0
      let size = 0
      res.on('data', (d: Buffer) => {
        size += d.length
        if (held >= keep) return
        const part = d.subarray(0, keep - held)
        chunks.push(part)
        held += part.length
      })
      res.on('error', reject)
      res.on('end', () => {
        const h: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: h,
          body: Buffer.concat(chunks).toString('utf8'),
          size,
          truncated: size > held,
          ms: Math.round(performance.now() - t0)
        })
      })
    })
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer from the substrate within 60 s`)))
    req.on('error', err => {
      reject(new DreamError('CALL_FAILED', `calling ${c.host}${c.path}: ${err.message}`, { expose: true }))
    })
    req.end(c.body)
  })
}
