import { defineCommand } from '../define.js'
import { version } from '../version.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('version')
      .description('print the version of dream')
      .action(() => {
        ctx.io.out.write(`${version()}\n`)
      }),
  examples: ['dream version']
})
