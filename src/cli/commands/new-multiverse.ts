import type { CommandUnknownOpts } from '@commander-js/extra-typings'
import { DEFAULT_UNIVERSE } from '../../shared/defaults.js'
import { defineCommand, type CliContext } from '../define.js'
import {
  checkMultiverseFlags,
  daemonArgs,
  multiverseOptions,
  type MultiverseFlagValues,
  withMultiverseFlags
} from '../multiverse-flags.js'

/** `dream new multiverse` (and `dream start`): in the foreground, or with --daemon as a background child. */
export async function runMultiverse(o: MultiverseFlagValues, cmd: CommandUnknownOpts, ctx: CliContext): Promise<void> {
  checkMultiverseFlags(o, ctx)
  const { reportToStarter, startInBackground } = await import('../actions/background.js')
  if (o.daemon === true) {
    ctx.setExit(await startInBackground(ctx.io, daemonArgs(cmd, ctx), ctx.apiPort()))
    return
  }
  const { newMultiverse } = await import('../actions/multiverse.js')
  ctx.setExit(await newMultiverse(ctx.io, { ...multiverseOptions(o, cmd, ctx), report: reportToStarter }))
}

export default defineCommand({
  group: 'new',
  define: (parent, ctx) =>
    withMultiverseFlags(
      parent
        .command('multiverse')
        .description(`run the control API and universe ${DEFAULT_UNIVERSE} in the foreground (Ctrl-C stops everything)`)
    ).action(async (o, cmd) => {
      await runMultiverse(o, cmd, ctx)
    }),
  examples: ['dream new multiverse', 'dream new multiverse --daemon --fixtures fake-project']
})
