import { defineCommand } from '../define.js'
import { jsonOption, universeOption } from '../options.js'

export default defineCommand({
  group: 'new',
  define: (parent, ctx) =>
    parent
      .command('project <name>')
      .description('create a project: config and code repositories on the git host, registered with auth')
      .option('--description <text>', 'project description')
      .option('--private', 'make both repositories private')
      .addOption(universeOption())
      .addOption(jsonOption())
      .action(async (name, o) => {
        const { newProject } = await import('../actions/project.js')
        await newProject(ctx.io, ctx.api(), name, o)
      }),
  examples: ['dream new project hello', 'dream new project hello --private --description "my first project"']
})
