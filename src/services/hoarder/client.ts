import { cidOf } from '../../shared/cid.js'
import { DreamError, NotFoundError } from '../../shared/errors.js'
import { callPeer, callService, ServiceClient } from '../client.js'
import type { GetReply, StashReply } from './protocol.js'

/** Stores and fetches blobs by CID through whichever hoarders are alive. */
export class HoarderClient extends ServiceClient {
  async stash (bytes: Uint8Array): Promise<StashReply> {
    const cid = await cidOf(bytes)
    return await callService<StashReply>(this.node, this.directory, 'hoarder', 'stash', { cid, data: Buffer.from(bytes).toString('base64') })
  }

  /** Asks each hoarder in turn until one holds the blob, and checks the bytes against the CID. */
  async get (cid: string): Promise<Uint8Array> {
    for (const peer of this.directory.byRole('hoarder')) {
      try {
        const reply = await callPeer<GetReply>(this.node, peer, 'hoarder', 'get', { cid })
        const bytes = new Uint8Array(Buffer.from(reply.data, 'base64'))
        if (await cidOf(bytes) !== cid) throw new DreamError('HOARDER_CORRUPT', `hoarder ${peer.peerId} returned bytes that do not match ${cid}`)
        return bytes
      } catch (err) {
        if (err instanceof DreamError && err.code === 'HOARDER_CORRUPT') throw err
      }
    }
    throw new NotFoundError('BLOB_NOT_FOUND', `no live hoarder holds ${cid}`)
  }
}
