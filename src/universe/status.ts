import { SERVICES } from '../services/types.js'
import type { Directory, NodeEntry } from '../p2p/directory.js'
import type { P2PNode } from '../p2p/node.js'

/** What the status and chart read of a universe (the Universe class provides it). */
export interface StatusSource {
  readonly name: string
  readonly root: string
  readonly swarmKey: Uint8Array
  readonly state: string
  readonly directory: Directory
  /** Read only while the universe is starting or running. */
  readonly git: { readonly port: number; readonly url: string }
  runners: () => ReadonlyArray<{ readonly entry: NodeEntry; readonly node: P2PNode }>
}

/** One node as the network graph (and the status tables) show it. */
export interface ChartNode {
  id: string
  name: string
  category: number
  value: Record<string, number>
}
/** The `/les/miserables/:universe` body: nodes, links (who knows whom) and categories, ECharts-style. */
export interface Chart {
  nodes: ChartNode[]
  links: Array<{ source: string; target: string }>
  categories: Array<{ name: string }>
}

export interface UniverseStatus {
  root: string
  'swarm-key': string
  'node-count': number
  simples: string[]
  nodes: Record<string, string[]>
  services: Array<{ name: string; copies: number }>
  git: string
}

/** Stable order: elder, client, other simples in join order, then services in SERVICES order. */
function orderedEntries(u: StatusSource): NodeEntry[] {
  const all = u.directory.all()
  const rank = (e: NodeEntry): number => {
    if (e.kind === 'simple') return e.role === 'elder' ? 0 : e.role === 'client' ? 1 : 2
    return 3 + SERVICES.indexOf(e.role as (typeof SERVICES)[number])
  }
  return all
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(x => x.e)
}

/** Ports of a node as shown: its own, plus `copies` and the universe's DNS port for services. */
function portsOf(u: StatusSource, e: NodeEntry): Record<string, number> {
  if (e.kind === 'simple') return { p2p: e.ports.p2p ?? 0 }
  const dns = u.directory.byRole('seer')[0]?.ports.dns
  const v: Record<string, number> = { ...e.ports, copies: u.directory.byRole(e.role).length }
  if (dns !== undefined) v.dns = dns
  return sortKeys(v)
}

function sortKeys(v: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
}

export function chartOf(u: StatusSource): Chart {
  const entries = orderedEntries(u)
  const nodes: ChartNode[] = entries.map((e, i) => ({
    id: e.peerId,
    name: `${e.role}@${u.name}`,
    category: i,
    value: portsOf(u, e)
  }))
  const known = new Set(entries.map(e => e.peerId))
  const links: Chart['links'] = []
  for (const r of u.runners()) {
    for (const c of r.node.getConnections()) {
      const target = c.remotePeer.toString()
      if (known.has(target) && r.entry.peerId < target) links.push({ source: r.entry.peerId, target })
    }
  }
  const uniq = [...new Map(links.map(l => [`${l.source}:${l.target}`, l])).values()]
  if (u.state === 'running' || u.state === 'starting') {
    nodes.push({ id: 'git', name: `git@${u.name}`, category: nodes.length, value: { http: u.git.port } })
  }
  return { nodes, links: uniq, categories: nodes.map(n => ({ name: n.name.split('@')[0] ?? n.name })) }
}

export function statusOf(u: StatusSource): UniverseStatus {
  const entries = orderedEntries(u)
  const services = SERVICES.map(name => ({ name, copies: u.directory.byRole(name).length }))
  return {
    root: u.root,
    'swarm-key': Buffer.from(u.swarmKey).toString('base64'),
    'node-count': entries.length,
    simples: entries.filter(e => e.kind === 'simple').map(e => e.role),
    nodes: Object.fromEntries(entries.map(e => [e.peerId, e.addrs.map(a => a.toString())])),
    services,
    git: u.state === 'running' ? u.git.url : ''
  }
}
