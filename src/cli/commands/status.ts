import { DEFAULT_UNIVERSE } from '../../shared/defaults.js'
import { defineCommand } from '../define.js'
import { jsonOption } from '../options.js'

/** `dream status universe|id [name]`, and `dream status <service> [universe]` (its hidden default). */
export default defineCommand({
  define: (parent, ctx) => {
    const status = parent
      .command('status')
      .description('show nodes and ports')
      .addHelpText('after', "\nAlso: dream status <service> [universe]   one service's node (`dream status substrate`)")
    status
      .command('universe [name]')
      .alias('u')
      .addOption(jsonOption())
      .description('every node of a universe and its ports')
      .action(async (name, o) => {
        const { statusUniverse } = await import('../actions/status.js')
        await statusUniverse(ctx.io, ctx.api(), name ?? DEFAULT_UNIVERSE, o)
      })
    status
      .command('id [name]')
      .addOption(jsonOption())
      .description('the universe id')
      .action(async (name, o) => {
        const { statusId } = await import('../actions/status.js')
        await statusId(ctx.io, ctx.api(), name ?? DEFAULT_UNIVERSE, o)
      })
    status
      .command('service <service> [universe]', { isDefault: true, hidden: true })
      .addOption(jsonOption())
      .description("one service's node and ports")
      .action(async (service, universe, o) => {
        const { statusService } = await import('../actions/status.js')
        await statusService(ctx.io, ctx.api(), service, universe ?? DEFAULT_UNIVERSE, o)
      })
    return status
  },
  examples: ['dream status universe', 'dream status substrate --json']
})
