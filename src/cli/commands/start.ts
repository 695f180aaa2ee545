import { InvalidInputError } from '../../shared/errors.js'
import { defineCommand } from '../define.js'
import { withMultiverseFlags } from '../multiverse-flags.js'
import { runMultiverse } from './new-multiverse.js'

/** Taubyte's current name for `dream new multiverse`; its optional multiverse name is the one this dream has. */
export default defineCommand({
  define: (parent, ctx) =>
    withMultiverseFlags(
      parent.command('start [multiverse]').description("the same as `dream new multiverse` (Taubyte's name for it)")
    ).action(async (name, o, cmd) => {
      if (name !== undefined && name !== 'default')
        throw new InvalidInputError(
          'MULTIVERSE_NAME',
          `a dream runs one multiverse, "default"; run another dream with --api-port for a second one, not "${name}"`
        )
      await runMultiverse(o, cmd, ctx)
    }),
  examples: ['dream start', 'dream start --daemon']
})
