import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import { NotFoundError } from '../shared/errors.js'
import { packageRoot } from '../shared/package-root.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json'
}

/** Where `npm run build` writes the web console (index.html and its bundle). */
function consoleDir(): string {
  return join(packageRoot(), 'dist', 'web')
}

/**
 * The web console's page at `/` and its bundled assets at `/assets/<file>`, all from this package (no CDN), so
 * the page is of the API's own origin and may call it (the origin guard allows only that origin by default).
 */
export const consolePage =
  (dir: string = consoleDir()): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    const send = async (file: string, reply: FastifyReply): Promise<FastifyReply> => {
      const ext = /\.[a-z]+$/.exec(file)?.[0] ?? ''
      const body = await readFile(join(dir, file)).catch(() => undefined)
      if (body === undefined) {
        throw new NotFoundError('CONSOLE_NOT_BUILT', `${file} of the web console is missing; run \`npm run build\``)
      }
      return await reply
        .type(TYPES[ext] ?? 'application/octet-stream')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(body)
    }
    app.get('/', async (_req, reply) => await send('index.html', reply))
    app.get<{ Params: { file: string } }>('/assets/:file', async (req, reply) => {
      if (!/^[\w.-]+$/.test(req.params.file) || req.params.file.startsWith('.')) {
        throw new NotFoundError('ASSET_NOT_FOUND', `no asset ${req.params.file}`)
      }
      return await send(req.params.file, reply)
    })
  }
