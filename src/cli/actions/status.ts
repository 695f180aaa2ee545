import { NotFoundError } from '../../shared/errors.js'
import { SERVICES } from '../../services/types.js'
import type { Chart } from '../../universe/status.js'
import type { ApiClient } from '../api-client.js'
import { json, line, nodeTable, success, universeTable, type Io } from '../output.js'

export async function statusUniverse(io: Io, api: ApiClient, universe: string, o: { json?: boolean }): Promise<void> {
  const chart = await api.get<Chart>(`/les/miserables/${encodeURIComponent(universe)}`)
  if (o.json === true) {
    json(io, chart)
    return
  }
  line(io, universeTable(chart.nodes))
}

export async function statusId(io: Io, api: ApiClient, universe: string, o: { json?: boolean }): Promise<void> {
  const { id } = await api.get<{ id: string }>(`/id/${encodeURIComponent(universe)}`)
  if (o.json === true) {
    json(io, { id })
    return
  }
  success(io, `Universe id: ${id}`)
}

/** `dream status <service>`: the first node whose name contains the service name, as the real tool does. */
export async function statusService(
  io: Io,
  api: ApiClient,
  service: string,
  universe: string,
  o: { json?: boolean }
): Promise<void> {
  const chart = await api.get<Chart>(`/les/miserables/${encodeURIComponent(universe)}`)
  const node =
    chart.nodes.find(n => (n.name.split('@')[0] ?? '') === service) ?? chart.nodes.find(n => n.name.includes(service))
  if (node === undefined) {
    const running = [...new Set(chart.nodes.map(n => n.name.split('@')[0]))].join(', ')
    const known = (SERVICES as readonly string[]).includes(service)
      ? `no ${service} node is running in ${universe}`
      : `unknown service "${service}"; valid: ${SERVICES.join(', ')}`
    throw new NotFoundError('NODE_NOT_FOUND', `${known} (running: ${running || 'none'})`)
  }
  if (o.json === true) {
    json(io, node)
    return
  }
  if (node.value.http !== undefined) line(io, `\n@ http://127.0.0.1:${node.value.http}\n`)
  line(io, nodeTable(node))
}
