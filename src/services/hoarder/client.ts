import type { NodeEntry } from '../../p2p/directory.js'
import { cidOf } from '../../shared/cid.js'
import { DreamError, NotFoundError } from '../../shared/errors.js'
import { ServiceClient } from '../client.js'
import { HoarderCommand, type GetReply, type ListReply, type StashBody, type StashReply } from './protocol.js'

/** Stores and fetches blobs by CID through whichever hoarders are alive. */
export class HoarderClient extends ServiceClient {
  protected readonly service = 'hoarder'

  async stash(bytes: Uint8Array): Promise<StashReply> {
    const cid = await cidOf(bytes)
    return await this.call<StashReply>(HoarderCommand.stash, { cid, data: Buffer.from(bytes).toString('base64') })
  }

  /** Stores an already-encoded blob on one given hoarder (a replica or a raw claim that the node checks). */
  async stashOn(peer: NodeEntry, body: StashBody): Promise<StashReply> {
    return await this.call<StashReply>(HoarderCommand.stash, body, peer)
  }

  /** The raw reply of one hoarder for `cid`, unchecked. */
  async getFrom(peer: NodeEntry, cid: string): Promise<GetReply> {
    return await this.call<GetReply>(HoarderCommand.get, { cid }, peer)
  }

  /** The CIDs one hoarder holds. */
  async list(peer: NodeEntry): Promise<string[]> {
    return (await this.call<ListReply>(HoarderCommand.list, {}, peer)).ids
  }

  /** The CIDs that at least one live hoarder holds (a hoarder that does not answer counts as holding none). */
  async held(): Promise<Set<string>> {
    const lists = await Promise.all(this.peers().map(async p => await this.list(p).catch(() => [] as string[])))
    return new Set(lists.flat())
  }

  /** Asks each hoarder in turn until one holds the blob, and checks the bytes against the CID. */
  async get(cid: string): Promise<Uint8Array> {
    for (const peer of this.peers()) {
      try {
        const reply = await this.getFrom(peer, cid)
        const bytes = new Uint8Array(Buffer.from(reply.data, 'base64'))
        if ((await cidOf(bytes)) !== cid)
          throw new DreamError('HOARDER_CORRUPT', `hoarder ${peer.peerId} returned bytes that do not match ${cid}`)
        return bytes
      } catch (err) {
        if (err instanceof DreamError && err.code === 'HOARDER_CORRUPT') throw err
      }
    }
    throw new NotFoundError('BLOB_NOT_FOUND', `no live hoarder holds ${cid}`)
  }
}
