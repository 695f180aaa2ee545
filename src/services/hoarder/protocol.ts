/** The `/hoarder/v1` commands. */
export const HoarderCommand = { stash: 'stash', get: 'get', list: 'list' } as const

/** `/hoarder/v1` bodies: blobs travel base64-encoded. */
export interface StashBody {
  cid: string
  data: string /** a copy fanned out by another hoarder */
  replica?: boolean
}
export interface StashReply {
  cid: string
  replicas: string[]
}
export interface GetBody {
  cid: string
}
export interface GetReply {
  cid: string
  data: string
}
export interface ListReply {
  ids: string[]
}
