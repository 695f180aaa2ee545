/**
 * What answers one host module's calls on the substrate (src/vm/host-modules.ts lists the modules, each with the
 * calls it sends): `answer(c, fn)` for the function `fn` whose call asked. function-host.ts keeps one part per
 * module that asks the node, keyed by the module's name.
 */
import type { HostCallBase, HostReply } from '../../../vm/host-calls.js'
import type { HostCalls } from '../../../vm/host-modules.js'
import type { FoundFunction } from '../serving/found-function.js'

/** The function a call runs, as its host calls are answered for it (what every part may read of it). */
export type FunctionRecord = Pick<FoundFunction, 'id' | 'name' | 'project' | 'application' | 'commit' | 'branch'>

/** The host calls of a function run on this substrate, from the same table of parts (function-host.ts). */
export type HostOf = (fn: FunctionRecord) => HostCalls

export interface HostPart<C extends HostCallBase> {
  /** `hostOf`: for a part whose answer runs another function (a p2p call served here), that function's host. */
  answer(c: C, fn: FunctionRecord, hostOf: HostOf): Promise<HostReply>
}
