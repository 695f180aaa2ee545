import { defineCommand } from '../define.js'
import { jsonOption, universeOption } from '../options.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('ls')
      .description('projects, their functions and websites with routes, each with a paste-ready curl line')
      .option('--project <name>', 'only this project')
      .addOption(universeOption())
      .addOption(jsonOption('print JSON: {projects: [{id, name, commit, routes}]}'))
      .action(async o => {
        const { ls } = await import('../actions/ls.js')
        await ls(ctx.io, ctx.api(), o)
      }),
  examples: ['dream ls', 'dream ls --project hello --json']
})
