import { bodyShape } from '../../p2p/commands.js'

/** The `/seer/v1` commands. */
export const SeerCommand = { nodes: 'nodes' } as const

/** The body each command takes, checked when it arrives. */
export const SeerBodies = { [SeerCommand.nodes]: bodyShape<unknown>({ type: 'object' }) }

/** One live node of the universe, as seer's registry lists it. */
export interface NodeInfo {
  id: string
  role: string
  addrs: string[]
  ports: Record<string, number>
}
export interface NodesReply {
  nodes: NodeInfo[]
}
