import { defineCommand } from '../define.js'
import { jsonOption, projectOption, universeOption } from '../options.js'

export default defineCommand({
  group: 'new',
  define: (parent, ctx) =>
    parent
      .command('domain <name>')
      .description('add a domain resource to a project (a generated fqdn unless --fqdn)')
      .addOption(projectOption())
      .option('--fqdn <host>', 'the host name')
      .addOption(universeOption())
      .addOption(jsonOption())
      .action(async (name, o) => {
        const { newDomain } = await import('../actions/project.js')
        await newDomain(ctx.io, ctx.api(), name, o)
      }),
  examples: ['dream new domain api --project hello', 'dream new domain site --project hello --fqdn hello.localtau']
})
