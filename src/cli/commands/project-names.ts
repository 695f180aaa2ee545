import { defineCommand } from '../define.js'
import { universeOption } from '../options.js'

/** Hidden: the project names, one a line, for shell completion; nothing (exit 0) when no dream answers. */
export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('project-names', { hidden: true })
      .description('the names of the projects, one a line (for shell completion)')
      .addOption(universeOption())
      .action(async o => {
        const { projectNames } = await import('../actions/ls.js')
        for (const name of await projectNames(ctx.api(), o.universe).catch(() => [])) ctx.io.out.write(`${name}\n`)
      }),
  examples: ['dream project-names']
})
