import { defineCommand } from '../define.js'
import { withUniverse } from '../flags.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('kill <what> [args...]')
      .description(
        'remove a universe (universe <name>), a simple (simple [name] [universe]), ' +
          'one copy of a service (<service> [universe]) or of each of several (services a,b [universe])'
      )
      .option('-u, --universe <name>', 'the universe (as the trailing [universe])')
      .action(async (what, args, o) => {
        const { kill } = await import('../actions/nodes.js')
        await kill(ctx.io, ctx.api(), what, withUniverse(what, args, o.universe))
      }),
  examples: ['dream kill tns', 'dream kill universe second']
})
