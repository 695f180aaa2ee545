import { defineCommand } from '../define.js'
import { jsonOption, languageOption, projectOption, universeOption } from '../options.js'

export default defineCommand({
  group: 'new',
  define: (parent, ctx) =>
    parent
      .command('library <name>')
      .description('add a library: its own repository (from a template) and its YAML in the config repository')
      .addOption(projectOption())
      .option('--template <template>', 'library template', 'ping_pong')
      .addOption(languageOption())
      .addOption(universeOption())
      .addOption(jsonOption())
      .action(async (name, o) => {
        const { newLibrary } = await import('../actions/project.js')
        await newLibrary(ctx.io, ctx.api(), name, o)
      }),
  examples: ['dream new library tools --project hello', 'dream inject push-library --project hello --name tools --wait']
})
