/** The `/seer/v1` commands. */
export const SeerCommand = { nodes: 'nodes' } as const

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
