import { defineCommand } from '../define.js'
import { universeOption } from '../options.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('dev <folder>')
      .description('watch a project folder (config/ and code/): every save is committed, pushed, built and reported')
      .option('--project <name>', "the project (created when missing; default: the folder's name)")
      .addOption(universeOption())
      .action(async (folder, o) => {
        const { dev } = await import('../actions/dev.js')
        ctx.setExit(await dev(ctx.io, ctx.api(), folder, o))
      }),
  examples: ['dream dev ./hello', 'dream dev ./site --project hello']
})
