import { defineCommand } from '../define.js'
import { jsonOption, universeOption } from '../options.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('builds')
      .description('CI/CD jobs, newest first')
      .option('--project <name>', 'only this project')
      .addOption(universeOption())
      .addOption(jsonOption())
      .action(async o => {
        const { builds } = await import('../actions/builds.js')
        await builds(ctx.io, ctx.api(), o)
      }),
  examples: ['dream builds', 'dream builds --project hello --json']
})
