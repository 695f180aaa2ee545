import { defineCommand } from '../define.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('completion <shell>')
      .description('print a completion script for bash, zsh or fish (e.g. `source <(dream completion bash)`)')
      .action(async shell => {
        const { completion } = await import('../actions/completion.js')
        ctx.io.out.write(await completion(ctx.program, shell))
      }),
  examples: ['source <(dream completion bash)', 'dream completion fish > ~/.config/fish/completions/dream.fish']
})
