import { MAX_COPIES } from '../../shared/names.js'
import { defineCommand } from '../define.js'
import { fixtureParamsOf, withUniverse } from '../flags.js'
import { jsonOption } from '../options.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('inject <what> [args...]')
      .description(
        'add nodes (<service> [universe] --copies N, services a,b [universe], simple [name] [universe]) ' +
          'or run a fixture (listed below)'
      )
      .option('-u, --universe <name>', 'the universe (as the trailing [universe])')
      .option('--copies <n>', `number of nodes of the service (1 to ${MAX_COPIES})`)
      .option('--http <port>', "the service's HTTP port")
      .option('--enable <clients>', 'simple: refused (a simple node here reaches every service)')
      .option('--disable <clients>', 'simple: refused (a simple node here reaches every service)')
      .option('--empty', 'simple: a node with no clients of its own (what every simple node here is)')
      .option(
        '-n, --name <name>',
        'set-branch: the branch; push-library: the library; attach-domain: the domain resource name'
      )
      .option('--repo <id>', 'push-specific: repository id, owner/name or name')
      .option('--rid <id>', 'push-specific: repository id')
      .option('--fn <owner/name>', 'push-specific: repository full name')
      .option('--project <name>', "push fixtures, attach-domain: the project's name or id")
      .option('--pid <id>', 'the same as --project')
      .option('-b, --branch <branch>', 'push and build fixtures: the branch (default: the universe branch)')
      .option(
        '-p, --path <path>',
        'build-local-project, push-all: the project folder; inject-project: the config folder; ' +
          'other push fixtures: the git repository to push'
      )
      .option('--config <bool>', 'build-local-project: compile and publish config/ (default true)')
      .option('--code <bool>', "build-local-project: build code/'s functions (default true)")
      .option('--fqdn <host>', 'attach-domain: the host name (default: a generated one)')
      .option('--wait', 'push fixtures: wait for the queued jobs and exit 1 if any failed')
      .addOption(jsonOption())
      .action(async (what, args, o) => {
        const { inject } = await import('../actions/nodes.js')
        ctx.setExit(
          await inject(ctx.io, ctx.api(), what, withUniverse(what, args, o.universe), {
            ...(o.copies !== undefined ? { copies: o.copies } : {}),
            ...(o.http !== undefined ? { http: o.http } : {}),
            ...(o.enable !== undefined ? { enable: o.enable } : {}),
            ...(o.disable !== undefined ? { disable: o.disable } : {}),
            ...(o.empty === true ? { empty: true } : {}),
            ...(o.json !== undefined ? { json: o.json } : {}),
            params: fixtureParamsOf(o)
          })
        )
      }),
  examples: ['dream inject tns --copies 2', 'dream inject push-all --project hello --wait'],
  listing: async () => {
    const { FIXTURES } = await import('../../../fixtures/index.js')
    return `Fixtures:\n${Object.values(FIXTURES)
      .map(f => `  ${f.name.padEnd(20)} ${f.description}`)
      .join('\n')}`
  }
})
