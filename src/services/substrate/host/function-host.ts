/**
 * The host calls of one invocation (see src/vm/host-calls.ts), answered for the function it runs: each call's op
 * names the host module that sent it (src/vm/host-modules.ts), and the substrate's part for that module answers
 * it. An op no module declares is an error (HOST_CALL_UNKNOWN), which the runtime logs for the call.
 */
import { DreamError } from '../../../shared/errors.js'
import { HOST_OP_MODULE, type HostCall, type HostCalls, type NodeHostModules } from '../../../vm/host-modules.js'
import type { FunctionRecord, HostPart } from './host-part.js'

/**
 * The substrate's table: for every host module that asks the node, what answers its calls. The compiler asks for
 * one entry per such module, and for a part that answers exactly its calls.
 */
export type FunctionHostParts = { readonly [N in keyof NodeHostModules]: HostPart<NodeHostModules[N]> }

export function functionHost(fn: FunctionRecord, parts: FunctionHostParts): HostCalls {
  const hostOf = (other: FunctionRecord): HostCalls => functionHost(other, parts)
  return async (c: HostCall) => {
    const module = HOST_OP_MODULE.get(c.op)
    if (module === undefined) throw new DreamError('HOST_CALL_UNKNOWN', `no host module sends "${c.op}"`)
    // The op was declared by this module (HOST_OP_MODULE), so `c` is one of the calls its part answers.
    const part: HostPart<HostCall> = parts[module]
    return await part.answer(c, fn, hostOf)
  }
}
