import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { FIXTURES } from '../../fixtures/index.js'
import { InvalidInputError, NotFoundError } from '../shared/errors.js'
import { SERVICES, PROTOCOLS } from '../services/types.js'
import { toUniverseSpec, type UniverseConfigInput } from '../universe/config.js'
import { fixtureContextOf } from '../universe/fixture-context.js'
import type { Multiverse } from '../universe/multiverse.js'
import { fixtureBody, serviceBody, simpleBody, universeBody } from './schemas.js'

interface U {
  universe: string
}
interface UN {
  universe: string
  name: string
}

/**
 * The control API, shaped like the one of Taubyte's own dream (the CLI in src/cli/ is its client).
 * Success is JSON (null when there is nothing to say); errors are `{code, error}` with a 4xx status.
 */
export const controlRoutes =
  (mv: Multiverse): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    app.get('/ping', async (_req, reply) => await reply.type('application/json').send('"pong"'))
    app.get('/status', async () => Object.fromEntries(mv.all().map(u => [u.name, u.status()])))
    app.get('/universes', async () =>
      Object.fromEntries(
        mv.all().map(u => {
          const s = u.status()
          return [
            u.name,
            {
              root: '',
              'swarm-key': s['swarm-key'],
              'node-count': s['node-count'],
              simples: null,
              nodes: null,
              services: null
            }
          ]
        })
      )
    )
    app.get<{ Params: U }>('/les/miserables/:universe', async req => mv.get(req.params.universe).chart())
    app.get<{ Params: U }>('/id/:universe', async req => ({ id: mv.get(req.params.universe).id }))
    app.get('/spec/services', async () => SERVICES)
    app.get('/spec/clients', async () => SERVICES.filter(s => PROTOCOLS[s] !== undefined))
    app.get('/spec/fixtures', async () =>
      Object.values(FIXTURES).map(f => ({ name: f.name, description: f.description, params: f.params }))
    )

    app.post<{ Params: U; Body: { config?: UniverseConfigInput } }>(
      '/universe/:universe',
      { schema: { body: universeBody } },
      async req => {
        await mv.create(req.params.universe, toUniverseSpec(req.body?.config ?? {}))
        return null
      }
    )
    app.delete<{ Params: U }>('/universe/:universe', async req => {
      await mv.kill(req.params.universe)
      return null
    })

    app.post<{ Params: UN; Body: { config?: { copies?: number; http?: number; p2p?: number; dns?: number } } }>(
      '/service/:universe/:name',
      { schema: { body: serviceBody } },
      async req => {
        const { copies, ...binds } = req.body?.config ?? {}
        await mv
          .get(req.params.universe)
          .addService(req.params.name, { ...(copies !== undefined ? { copies } : {}), binds })
        return null
      }
    )
    app.delete<{ Params: UN }>('/service/:universe/:name', async req => {
      await mv.get(req.params.universe).kill(req.params.name)
      return null
    })
    app.post<{ Params: UN }>('/simple/:universe/:name', { schema: { body: simpleBody } }, async req => {
      await mv.get(req.params.universe).addSimple(req.params.name)
      return null
    })
    app.delete<{ Params: UN }>('/simple/:universe/:name', async req => {
      await mv.get(req.params.universe).kill(req.params.name)
      return null
    })

    app.post<{ Params: { universe: string; fixture: string }; Body: { params?: unknown } }>(
      '/fixture/:universe/:fixture',
      { schema: { body: fixtureBody } },
      async req => {
        const fixture = FIXTURES[req.params.fixture]
        if (fixture === undefined) {
          throw new NotFoundError(
            'UNKNOWN_FIXTURE',
            `unknown fixture "${req.params.fixture}"; known: ${Object.keys(FIXTURES).join(', ')}`
          )
        }
        const u = mv.get(req.params.universe)
        const raw = req.body?.params ?? {}
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
          throw new InvalidInputError('FIXTURE_PARAMS', 'params must be an object of name → string')
        const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]))
        for (const p of fixture.params) {
          if (p.required === true && (params[p.name] ?? '') === '')
            throw new InvalidInputError('FIXTURE_PARAM_MISSING', `fixture ${fixture.name} needs --${p.name}`)
        }
        return await fixture.run(fixtureContextOf(u), params)
      }
    )
  }
