import { DEFAULT_UNIVERSE } from '../../shared/defaults.js'
import { checkCopies } from '../../shared/names.js'
import { InvalidInputError } from '../../shared/errors.js'
import { SERVICES, isServiceName } from '../../services/types.js'
import type { FixtureResult } from '../../../fixtures/types.js'
import type { ApiClient } from '../api-client.js'
import { line, json, success, type Io } from '../output.js'

const u = encodeURIComponent

export async function newUniverse(io: Io, api: ApiClient, name: string, config: object): Promise<void> {
  await api.post(`/universe/${u(name)}`, { config })
  success(io, `Universe ${name.toLowerCase()} started!`)
}

/** `dream inject <service|simple|fixture> ...` */
export async function inject(
  io: Io,
  api: ApiClient,
  what: string,
  args: string[],
  o: { copies?: string; json?: boolean; params: Record<string, string> }
): Promise<number> {
  if (what === 'simple') {
    const [name, universe = DEFAULT_UNIVERSE] = args
    if (name === undefined)
      throw new InvalidInputError('SIMPLE_NAME', "give the simple's name: dream inject simple <name> [universe]")
    await api.post(`/simple/${u(universe)}/${u(name)}`, { config: {} })
    success(io, `Simple ${name} joined ${universe}`)
    return 0
  }
  const [universe = DEFAULT_UNIVERSE] = args
  if (isServiceName(what)) {
    const copies = checkCopies(o.copies !== undefined ? Number(o.copies) : 1, '--copies')
    await api.post(`/service/${u(universe)}/${u(what)}`, { config: { copies } })
    success(io, `${copies} ${what} node${copies > 1 ? 's' : ''} joined ${universe}`)
    return 0
  }
  const fixtures = await api.get<Array<{ name: string }>>('/spec/fixtures')
  if (!fixtures.some(f => f.name === what)) {
    throw new InvalidInputError(
      'UNKNOWN_INJECT',
      `cannot inject "${what}": not a service (${SERVICES.join(', ')}), "simple", ` +
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

export async function kill(io: Io, api: ApiClient, what: string, args: string[]): Promise<void> {
  if (what === 'universe') {
    const [name = DEFAULT_UNIVERSE] = args
    await api.delete(`/universe/${u(name)}`)
    success(io, `Universe ${name} stopped`)
    return
  }
  if (what === 'simple') {
    const [name, universe = DEFAULT_UNIVERSE] = args
    if (name === undefined)
      throw new InvalidInputError('SIMPLE_NAME', "give the simple's name: dream kill simple <name> [universe]")
    await api.delete(`/simple/${u(universe)}/${u(name)}`)
    success(io, `Simple ${name} left ${universe}`)
    return
  }
  if (!isServiceName(what))
    throw new InvalidInputError(
      'UNKNOWN_SERVICE',
      `cannot kill "${what}": give universe, simple, or a service (${SERVICES.join(', ')})`
    )
  const [universe = DEFAULT_UNIVERSE] = args
  await api.delete(`/service/${u(universe)}/${u(what)}`)
  success(io, `One ${what} node left ${universe}`)
}
