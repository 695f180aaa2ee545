import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { apiName, FIXTURES, NOT_RUN_HERE } from '../../fixtures/index.js'
import { SERVICES, PROTOCOLS } from '../services/types.js'
import { toUniverseSpec, type UniverseConfigInput } from '../universe/config.js'
import { fixtureContextOf } from '../universe/fixture-context.js'
import type { Multiverse } from '../universe/multiverse.js'
import { fixtureFor, fixtureParams } from './fixture-params.js'
import { fixtureBody, serviceBody, simpleBody, universeBody } from './schemas.js'
import {
  fromTauConfig,
  isTauConfig,
  refuseMixed,
  tauKeys,
  tauServiceNodes,
  tauSimpleBinds,
  type TauConfig,
  type TauServiceConfig,
  type TauSimpleConfig
} from './tau-config.js'

interface U {
  universe: string
}
interface UN {
  universe: string
  name: string
}
interface ServiceConfigBody {
  copies?: number
  http?: number
  p2p?: number
  dns?: number
}

/**
 * The control API, shaped like the one of Taubyte's own dream: its Go client (PascalCase configs, positional
 * fixture params, camelCase fixture names) and this dream's CLI (src/cli/) both use it.
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
    // In Taubyte's order (its P2PStreamServices), which its tools show.
    app.get('/spec/clients', async () =>
      (['seer', 'auth', 'patrick', 'tns', 'monkey', 'hoarder', 'substrate'] as const).filter(
        s => PROTOCOLS[s] !== undefined
      )
    )
    // Taubyte's shape: the catalogue's names (its client passes them to POST /fixture).
    app.get('/spec/fixtures', async () => [
      ...new Set([...Object.keys(FIXTURES).map(apiName), ...Object.keys(NOT_RUN_HERE)])
    ])
    // What this dream's CLI needs to offer them: each fixture's params.
    app.get('/fixtures', async () =>
      Object.values(FIXTURES).map(f => ({
        name: f.name,
        api: apiName(f.name),
        description: f.description,
        params: f.params
      }))
    )

    app.post<{ Params: U; Body: { config?: (UniverseConfigInput & TauConfig) | null } }>(
      '/universe/:universe',
      { schema: { body: universeBody } },
      async req => {
        const body = req.body?.config ?? {}
        const { Services, Simples, ...ours } = body
        const config = isTauConfig(body) ? { ...ours, ...fromTauConfig({ Services, Simples }) } : ours
        await mv.create(req.params.universe, toUniverseSpec(config))
        return null
      }
    )
    app.delete<{ Params: U }>('/universe/:universe', async req => {
      await mv.kill(req.params.universe)
      return null
    })

    app.post<{ Params: UN; Body: { config?: (ServiceConfigBody & TauServiceConfig) | null } }>(
      '/service/:universe/:name',
      { schema: { body: serviceBody } },
      async req => {
        const config = req.body?.config ?? {}
        refuseMixed(config)
        const { copies, ...binds } = config as ServiceConfigBody
        const nodes =
          tauKeys(config).length > 0
            ? tauServiceNodes(req.params.name, config)
            : { ...(copies !== undefined ? { copies } : {}), binds }
        await mv.get(req.params.universe).addService(req.params.name, nodes)
        return null
      }
    )
    app.delete<{ Params: UN }>('/service/:universe/:name', async req => {
      await mv.get(req.params.universe).kill(req.params.name)
      return null
    })
    app.post<{ Params: UN; Body: { config?: ({ http?: number; p2p?: number } & TauSimpleConfig) | null } }>(
      '/simple/:universe/:name',
      { schema: { body: simpleBody } },
      async req => {
        const config = req.body?.config ?? {}
        refuseMixed(config)
        const { http, p2p } = config as { http?: number; p2p?: number }
        const binds =
          tauKeys(config).length > 0
            ? tauSimpleBinds(config)
            : { ...(http !== undefined ? { http } : {}), ...(p2p !== undefined ? { p2p } : {}) }
        await mv.get(req.params.universe).addSimple(req.params.name, binds)
        return null
      }
    )
    app.delete<{ Params: UN }>('/simple/:universe/:name', async req => {
      await mv.get(req.params.universe).kill(req.params.name)
      return null
    })

    // One chosen node, by its peer id (Taubyte's route; `DELETE /service` stops the newest copy).
    app.delete<{ Params: UN & { id: string } }>('/node/:universe/:name/:id', async req => {
      await mv.get(req.params.universe).killNode(req.params.name, req.params.id)
      return null
    })

    app.post<{ Params: { universe: string; fixture: string }; Body: { params?: unknown } }>(
      '/fixture/:universe/:fixture',
      { schema: { body: fixtureBody } },
      async req => {
        const fixture = fixtureFor(req.params.fixture)
        const u = mv.get(req.params.universe)
        return await fixture.run(fixtureContextOf(u), fixtureParams(fixture, req.body?.params))
      }
    )
  }
