import { defineCommand } from '../define.js'
import { jsonOption, projectOption, universeOption } from '../options.js'

export default defineCommand({
  group: 'new',
  define: (parent, ctx) =>
    parent
      .command('website <name>')
      .description('add a website: its own repository from a template, and its YAML in the project config')
      .addOption(projectOption())
      .option('--template <template>', 'website template (listed below)', 'static')
      .option('--domain <name>', 'domain resource to serve on (default: GeneratedDomain, created if missing)')
      .option('--path <path>', 'the path the website is served under', '/')
      .addOption(universeOption())
      .addOption(jsonOption())
      .action(async (name, o) => {
        const { newWebsite } = await import('../actions/website.js')
        await newWebsite(ctx.io, ctx.api(), name, o)
      }),
  examples: [
    'dream new website docs --project hello',
    'dream new website app --project hello --template build --path /app'
  ],
  listing: async () => {
    const { websiteTemplates } = await import('../../console/website.js')
    return `Templates: ${(await websiteTemplates()).join(', ')}`
  }
})
