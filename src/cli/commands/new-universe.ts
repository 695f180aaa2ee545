import { fixtureList } from '../flags.js'
import { defineCommand } from '../define.js'
import { universeConfig, withUniverseFlags } from '../multiverse-flags.js'

export default defineCommand({
  group: 'new',
  define: (parent, ctx) =>
    withUniverseFlags(parent.command('universe <name>').description('add a universe to the running dream'), {
      branch: 'the branch builds and routing use (default main)',
      fixtures: 'fixtures to run once the universe is up (comma list)'
    })
      .option('--no-webhooks', 'do not deliver git push webhooks (only fixtures start builds)')
      .action(async (name, o, cmd) => {
        const { newUniverse } = await import('../actions/nodes.js')
        await newUniverse(ctx.io, ctx.api(), name, universeConfig(o, cmd), fixtureList(o.fixtures))
      }),
  examples: ['dream new universe second', 'dream new universe small --empty --enable auth,tns']
})
