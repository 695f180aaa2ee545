import { defineCommand } from '../define.js'
import { jsonOption } from '../options.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('stop')
      .description('stop the running dream (on --api-port / DREAM_API_PORT), whoever started it')
      .addOption(jsonOption('print JSON: {stopped, api}'))
      .action(async o => {
        const { stop } = await import('../actions/stop.js')
        await stop(ctx.io, ctx.api(), o)
      }),
  examples: ['dream stop', 'dream --api-port 1422 stop']
})
