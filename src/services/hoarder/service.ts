import { readFile, readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseService } from '../base.js'
import type { Handlers } from '../../p2p/protocol.js'
import { cidOf, isCid } from '../../shared/cid.js'
import { InvalidInputError, NotFoundError } from '../../shared/errors.js'
import { mkdirPrivate, writeFilePrivate } from '../../shared/private-fs.js'
import type { ServiceComponents } from '../types.js'
import { HoarderClient } from './client.js'
import { HoarderCommand, type StashBody, type GetBody, type StashReply, type GetReply } from './protocol.js'

export type HoarderComponents = Pick<ServiceComponents, 'node' | 'http' | 'directory' | 'root' | 'log'>

/**
 * Stores blobs (build artifacts, job logs) by content id under the node's root. A stash whose bytes do not hash
 * to the claimed CID is refused; an accepted one is copied to one other hoarder when there is one (stash target 2,
 * as in tau), so losing a hoarder loses nothing.
 */
export class HoarderService extends BaseService {
  readonly name = 'hoarder'
  readonly #c: HoarderComponents
  readonly #peers: HoarderClient

  constructor(components: HoarderComponents) {
    super(components)
    this.#c = components
    this.#peers = new HoarderClient(components.node, components.directory)
  }

  get #dir(): string {
    return join(this.#c.root, 'blobs')
  }

  protected override async open(): Promise<void> {
    await mkdirPrivate(this.#dir)
  }

  protected override handlers(): Handlers {
    return {
      [HoarderCommand.stash]: async (b: StashBody): Promise<StashReply> => {
        if (typeof b.cid !== 'string' || !isCid(b.cid))
          throw new InvalidInputError('HOARDER_BAD_CID', `"${String(b.cid)}" is not a CID`)
        const bytes = Buffer.from(b.data ?? '', 'base64')
        const actual = await cidOf(bytes)
        if (actual !== b.cid)
          throw new InvalidInputError(
            'HOARDER_CID_MISMATCH',
            `bytes hash to ${actual}, not to the claimed ${b.cid}; nothing stored`
          )
        await this.#write(b.cid, bytes)
        const replicas = b.replica === true ? [] : await this.#replicate(b)
        return { cid: b.cid, replicas: [this.#c.node.peerId.toString(), ...replicas] }
      },
      [HoarderCommand.get]: async (b: GetBody): Promise<GetReply> => {
        if (typeof b.cid !== 'string' || !isCid(b.cid))
          throw new InvalidInputError('HOARDER_BAD_CID', `"${String(b.cid)}" is not a CID`)
        try {
          return { cid: b.cid, data: (await readFile(join(this.#dir, b.cid))).toString('base64') }
        } catch {
          throw new NotFoundError('HOARDER_NOT_FOUND', `${b.cid} is not stored on this hoarder`)
        }
      },
      [HoarderCommand.list]: async () => ({ ids: (await readdir(this.#dir)).filter(f => !f.startsWith('.')) })
    }
  }

  async #write(cid: string, bytes: Uint8Array): Promise<void> {
    const tmp = join(this.#dir, `.${cid}.tmp`)
    await writeFilePrivate(tmp, bytes)
    await rename(tmp, join(this.#dir, cid))
  }

  /** Copies the blob to one other live hoarder; returns the peers that now hold it. */
  async #replicate(b: StashBody): Promise<string[]> {
    const self = this.#c.node.peerId.toString()
    for (const peer of this.#peers.peers().filter(e => e.peerId !== self)) {
      try {
        await this.#peers.stashOn(peer, { ...b, replica: true })
        return [peer.peerId]
      } catch (err) {
        this.#c.log.warn(`replicating ${b.cid} to ${peer.peerId} failed: ${String(err)}`)
      }
    }
    return []
  }
}
