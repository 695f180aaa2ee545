/**
 * The `taubyte/sdk` crypto function (go-sdk `crypto/rand`), with tau's name, signature and errno results:
 * `cryptoRead(bufPtr, bufLen, readPtr)` fills the guest's buffer with random bytes in place and writes how many as
 * a u64. It needs nothing of the node, so it runs inline too.
 */
import { randomFillSync } from 'node:crypto'
import { Errno } from './errno.js'
import type { GuestMemory } from './guest-memory.js'
import { guarded } from './host-guard.js'
import type { HostModule } from './host-module.js'

function cryptoImports(ctx: { mem: GuestMemory }): Record<string, (...args: number[]) => number> {
  return {
    cryptoRead: guarded((bufPtr, bufLen, readPtr) => {
      const buf = ctx.mem.bytes(bufPtr, bufLen)
      ctx.mem.check(readPtr >>> 0, 8)
      randomFillSync(buf)
      const n = new Uint8Array(8)
      new DataView(n.buffer).setBigUint64(0, BigInt(buf.length), true)
      ctx.mem.write(readPtr, n)
      return Errno.None
    })
  }
}

export const cryptoModule: HostModule<never, 'crypto'> = {
  name: 'crypto',
  module: 'taubyte/sdk',
  imports: ['cryptoRead'],
  inline: true,
  calls: {},
  link: ctx => ({ functions: cryptoImports(ctx) })
}
