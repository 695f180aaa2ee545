import { DEFAULT_UNIVERSE } from '../../shared/defaults.js'
import { checkCopies } from '../../shared/names.js'
import { InvalidInputError } from '../../shared/errors.js'
import { SERVICES, isServiceName } from '../../services/types.js'
import type { FixtureResult } from '../../../fixtures/types.js'
import { apiName } from '../../../fixtures/names.js'
import { list } from '../../universe/config.js'
import type { ApiClient } from '../api-client.js'
import { line, json, success, type Io } from '../output.js'

const u = encodeURIComponent

export async function newUniverse(
  io: Io,
  api: ApiClient,
  name: string,
  config: object,
  fixtures: string[] = []
): Promise<void> {
  await api.post(`/universe/${u(name)}`, { config })
  success(io, `Universe ${name.toLowerCase()} started!`)
  await runFixtures(io, api, name.toLowerCase(), fixtures)
}

/** `--fixtures a,b`: each fixture, in order, with no params; the first failure stops the rest. */
export async function runFixtures(io: Io, api: ApiClient, universe: string, fixtures: string[]): Promise<void> {
  for (const f of fixtures) {
    const result = await api.post<FixtureResult>(`/fixture/${u(universe)}/${u(f)}`, { params: {} })
    for (const l of result.lines) line(io, `${f}: ${l}`)
  }
}

export interface InjectOptions {
  copies?: string
  http?: string
  json?: boolean
  /** `inject simple`: Taubyte's client selection. */
  enable?: string
  disable?: string
  empty?: boolean
  params: Record<string, string>
}

/** `dream inject <service|services|simple|fixture> ...` */
export async function inject(io: Io, api: ApiClient, what: string, args: string[], o: InjectOptions): Promise<number> {
  if (what === 'simple') {
    // Taubyte's default simple is `client`; `inject simple` alone adds it.
    const [name = 'client', universe = DEFAULT_UNIVERSE] = args
    if (o.enable !== undefined || o.disable !== undefined)
      throw new InvalidInputError(
        'SIMPLE_CLIENTS',
        '--enable/--disable cannot work here: a simple node of this dream is a bare p2p node, and what acts ' +
          'through it reaches whichever service it calls, so there is no client list to choose; drop them'
      )
    // --empty (no clients) is what every simple node here is.
    await api.post(`/simple/${u(universe)}/${u(name)}`, { config: {} })
    success(io, `Simple ${name} joined ${universe}`)
    return 0
  }
  if (what === 'services') {
    const [names, universe = DEFAULT_UNIVERSE] = args
    const services = list(names)
    if (services.length === 0)
      throw new InvalidInputError('UNKNOWN_SERVICE', 'give the services: dream inject services auth,tns [universe]')
    for (const s of services) await injectService(io, api, s, universe, o)
    return 0
  }
  const [universe = DEFAULT_UNIVERSE] = args
  if (isServiceName(what)) {
    await injectService(io, api, what, universe, o)
    return 0
  }
  const fixtures = await api.get<Array<{ name: string; api: string }>>('/fixtures')
  const known = fixtures.some(f => f.name === what || f.api === what)
  // Taubyte's fixtures this dream does not run: the daemon answers why.
  if (!known && !(await api.get<string[]>('/spec/fixtures')).includes(apiName(what))) {
    throw new InvalidInputError(
      'UNKNOWN_INJECT',
      `cannot inject "${what}": not a service (${SERVICES.join(', ')}), "services", "simple", ` +
        `or a fixture (${fixtures.map(f => f.name).join(', ')})`
    )
  }
  const result = await api.post<FixtureResult>(`/fixture/${u(universe)}/${u(what)}`, { params: o.params })
  if (o.json === true) json(io, result)
  else for (const l of result.lines) line(io, l)
  return (result.data as { failed?: number } | undefined)?.failed !== undefined &&
    (result.data as { failed: number }).failed > 0
    ? 1
    : 0
}

async function injectService(io: Io, api: ApiClient, service: string, universe: string, o: InjectOptions) {
  if (!isServiceName(service))
    throw new InvalidInputError(
      'UNKNOWN_SERVICE',
      `unknown service "${service}"; valid services: ${SERVICES.join(', ')}`
    )
  const copies = checkCopies(o.copies !== undefined ? Number(o.copies) : 1, '--copies')
  const http = o.http !== undefined ? checkPort(o.http, '--http') : undefined
  await api.post(`/service/${u(universe)}/${u(service)}`, {
    config: { copies, ...(http !== undefined ? { http } : {}) }
  })
  success(io, `${copies} ${service} node${copies > 1 ? 's' : ''} joined ${universe}`)
}

function checkPort(raw: string, what: string): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidInputError('BIND_INVALID', `${what} must be a port number (1 to 65535), not "${raw}"`)
  return n
}

export async function kill(io: Io, api: ApiClient, what: string, args: string[]): Promise<void> {
  if (what === 'universe') {
    const [name = DEFAULT_UNIVERSE] = args
    await api.delete(`/universe/${u(name)}`)
    success(io, `Universe ${name} stopped`)
    return
  }
  if (what === 'simple') {
    const [name = 'client', universe = DEFAULT_UNIVERSE] = args
    await api.delete(`/simple/${u(universe)}/${u(name)}`)
    success(io, `Simple ${name} left ${universe}`)
    return
  }
  if (what === 'services') {
    const [names, universe = DEFAULT_UNIVERSE] = args
    const services = list(names)
    if (services.length === 0)
      throw new InvalidInputError('UNKNOWN_SERVICE', 'give the services: dream kill services auth,tns [universe]')
    for (const s of services) await killService(io, api, s, universe)
    return
  }
  const [universe = DEFAULT_UNIVERSE] = args
  await killService(io, api, what, universe)
}

async function killService(io: Io, api: ApiClient, service: string, universe: string): Promise<void> {
  if (!isServiceName(service))
    throw new InvalidInputError(
      'UNKNOWN_SERVICE',
      `cannot kill "${service}": give universe, simple, services, or a service (${SERVICES.join(', ')})`
    )
  await api.delete(`/service/${u(universe)}/${u(service)}`)
  success(io, `One ${service} node left ${universe}`)
}
