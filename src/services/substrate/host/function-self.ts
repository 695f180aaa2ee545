/** The `self` host call (src/vm/host-self.ts): which function the call runs, from its record. */
import type { SelfCall } from '../../../vm/host-self.js'
import type { HostPart } from './host-part.js'

export const functionSelf: HostPart<SelfCall> = {
  answer: async (_c, { id, project, application, commit, branch }) => ({
    ok: true,
    self: { id, project, application, commit, branch }
  })
}
