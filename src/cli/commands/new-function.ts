import { HTTP_METHODS } from '../../shared/names.js'
import { defineCommand } from '../define.js'
import { jsonOption, languageOption, projectOption, universeOption } from '../options.js'

export default defineCommand({
  group: 'new',
  define: (parent, ctx) =>
    parent
      .command('function <name>')
      .description('add a function from a template (config YAML + code), pushed to the project repositories')
      .addOption(projectOption())
      .requiredOption('--template <template>', 'function template (listed below)')
      .addOption(languageOption())
      .option('--domain <name>', 'domain resource to serve on (default: GeneratedDomain, created if missing)')
      .option('--method <method>', `HTTP method: ${HTTP_METHODS.join(', ')} (default: the template's)`)
      .option('--path <path>', "HTTP path (default: the template's)")
      .option('--library <name>', "run this library's code (source: libraries/<name>) instead of the template's")
      .option('--call <export>', "the export it runs (default: the template's)")
      .addOption(universeOption())
      .addOption(jsonOption())
      .action(async (name, o) => {
        const { newFunction } = await import('../actions/project.js')
        await newFunction(ctx.io, ctx.api(), name, o)
      }),
  examples: [
    'dream new function ping --project hello --template ping_pong',
    'dream new function echo --project hello --template echo --language assemblyscript --path /echo'
  ],
  listing: async () => {
    const { listTemplates } = await import('../../console/templates.js')
    return `Templates: ${(await listTemplates()).join(', ')}`
  }
})
