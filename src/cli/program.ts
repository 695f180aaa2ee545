import { Command, Option } from 'commander'
import { ApiClient } from './api-client.js'
import { DEFAULT_API_PORT } from '../shared/defaults.js'
import { InvalidInputError } from '../shared/errors.js'
import { HTTP_METHODS, MAX_COPIES } from '../shared/names.js'
import { list } from '../universe/config.js'
import type { Io } from './output.js'

const DEFAULT_UNIVERSE = 'blackhole'

/** Builds the `dream` command tree. Actions lazy-load their handlers; `setExit` carries a non-zero exit code. */
export function buildProgram (io: Io, setExit: (code: number) => void): Command {
  const program = new Command('dream')
    .description('a local multi-node peer-to-peer cloud (dreamland in TypeScript)')
    .addOption(new Option('--api-port <port>', 'control API port').env('DREAM_API_PORT'))
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: s => io.out.write(s), writeErr: s => io.err.write(s) })

  const apiPort = (): number => {
    const raw = program.opts<{ apiPort?: string }>().apiPort
    if (raw === undefined) return DEFAULT_API_PORT
    const port = Number(raw)
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidInputError('API_PORT', `--api-port must be a port number, not "${raw}"`)
    return port
  }
  const api = (): ApiClient => new ApiClient(apiPort())

  const newCmd = program.command('new').description('start a multiverse, add a universe, or create project resources')
  newCmd.command('multiverse')
    .description('run the control API and universe blackhole in the foreground (Ctrl-C stops everything)')
    .option('-u, --universes <names>', 'universes to start (comma list)', 'blackhole')
    .option('--enable <services>', 'start only these services (comma list)')
    .option('--disable <services>', 'start every default service but these')
    .option('--simples <names>', 'simple nodes to start', 'elder,client')
    .option('--bind <binds...>', 'pin ports: service@port[/http|p2p|dns|copies]')
    .option('--keep', 'keep the universe state in ~/.cache/dream after exit')
    .option('--no-webhooks', 'do not deliver git push webhooks (only fixtures start builds)')
    .option('--api-port <port>', 'control API port (default 1421, or DREAM_API_PORT)')
    .option('--allow-origin <origins...>', 'web page origins allowed to call the control API (comma list; none by default)')
    .action(async (o: { universes: string, enable?: string, disable?: string, simples: string, bind?: string[], keep?: boolean, webhooks: boolean, apiPort?: string, allowOrigin?: string[] }) => {
      if (o.apiPort !== undefined) program.setOptionValue('apiPort', o.apiPort)
      const { newMultiverse } = await import('./commands/multiverse.js')
      setExit(await newMultiverse(io, {
        universes: list(o.universes), enable: list(o.enable), disable: list(o.disable), simples: list(o.simples),
        bind: o.bind ?? [], keep: o.keep === true, webhooks: o.webhooks, apiPort: apiPort(),
        allowOrigins: (o.allowOrigin ?? []).flatMap(x => x.split(',')).map(x => x.trim()).filter(x => x !== '')
      }))
    })
  newCmd.command('universe <name>')
    .description('add a universe to the running dream')
    .option('--enable <services>').option('--disable <services>').option('--simples <names>', '', 'elder,client')
    .option('--bind <binds...>').option('--no-webhooks')
    .action(async (name: string, o: { enable?: string, disable?: string, simples: string, bind?: string[], webhooks: boolean }) => {
      const { newUniverse } = await import('./commands/nodes.js')
      await newUniverse(io, api(), name, { enable: list(o.enable), disable: list(o.disable), simples: list(o.simples), bind: o.bind ?? [], webhooks: o.webhooks })
    })

  newCmd.command('project <name>')
    .description('create a project: config and code repositories on the git host, registered with auth')
    .option('--description <text>', 'project description')
    .option('--private', 'make both repositories private')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(async (name: string, o: { description?: string, private?: boolean, universe: string, json?: boolean }) => {
      const { newProject } = await import('./commands/project.js')
      await newProject(io, api(), name, o)
    })
  newCmd.command('function <name>')
    .description('add a function from a template (config YAML + code), pushed to the project repositories')
    .requiredOption('--project <name>', 'project name or id')
    .requiredOption('--template <template>', 'function template (ping_pong, echo)')
    .option('--language <language>', 'go (needs Go 1.24+ on PATH) or assemblyscript', 'go')
    .option('--domain <name>', 'domain resource to serve on (default: GeneratedDomain, created if missing)')
    .option('--method <method>', `HTTP method: ${HTTP_METHODS.join(', ')} (default: the template's)`)
    .option('--path <path>', 'HTTP path (default: the template\'s)')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(async (name: string, o: { project: string, template: string, language: string, domain?: string, method?: string, path?: string, universe: string, json?: boolean }) => {
      const { newFunction } = await import('./commands/project.js')
      await newFunction(io, api(), name, o)
    })
  newCmd.command('domain <name>')
    .description('add a domain resource to a project (a generated fqdn unless --fqdn)')
    .requiredOption('--project <name>', 'project name or id')
    .option('--fqdn <host>', 'the host name')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(async (name: string, o: { project: string, fqdn?: string, universe: string, json?: boolean }) => {
      const { newDomain } = await import('./commands/project.js')
      await newDomain(io, api(), name, o)
    })

  program.command('builds')
    .description('CI/CD jobs, newest first')
    .option('--project <name>', 'only this project')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(async (o: { project?: string, universe: string, json?: boolean }) => {
      const { builds } = await import('./commands/builds.js')
      await builds(io, api(), o)
    })
  program.command('logs [job]')
    .description('the log of a build job, or with --function what functions logged')
    .option('--function <name>', 'show what this function (or with --function all, every function) logged')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON (function logs)')
    .action(async (job: string | undefined, o: { universe: string, function?: string, json?: boolean }) => {
      const { logs, functionLogs } = await import('./commands/builds.js')
      if (o.function !== undefined) {
        await functionLogs(io, api(), { universe: o.universe, ...(o.function !== 'all' ? { function: o.function } : {}), ...(o.json !== undefined ? { json: o.json } : {}) })
        return
      }
      if (job === undefined) throw new InvalidInputError('LOGS_WHAT', 'give a job id (from `dream builds`) or --function <name>')
      await logs(io, api(), job, o)
    })

  const status = program.command('status').description('show nodes and ports')
  status.command('universe [name]').alias('u').option('--json', 'print JSON').description('every node of a universe and its ports')
    .action(async (name: string | undefined, o: { json?: boolean }) => {
      const { statusUniverse } = await import('./commands/status.js')
      await statusUniverse(io, api(), name ?? DEFAULT_UNIVERSE, o)
    })
  status.command('id [name]').option('--json', 'print JSON').description('the universe id')
    .action(async (name: string | undefined, o: { json?: boolean }) => {
      const { statusId } = await import('./commands/status.js')
      await statusId(io, api(), name ?? DEFAULT_UNIVERSE, o)
    })
  status.command('service <service> [universe]', { isDefault: true, hidden: true }).option('--json', 'print JSON')
    .action(async (service: string, universe: string | undefined, o: { json?: boolean }) => {
      const { statusService } = await import('./commands/status.js')
      await statusService(io, api(), service, universe ?? DEFAULT_UNIVERSE, o)
    })

  program.command('inject <what> [args...]')
    .description('add nodes (<service> [universe] --copies N, simple <name> [universe]) or run a fixture (push-all, ...)')
    .option('--copies <n>', `number of nodes of the service (1 to ${MAX_COPIES})`)
    .option('-n, --name <branch>', 'set-branch: the branch')
    .option('--repo <id>', 'push-specific: repository id or name')
    .option('--project <name>', 'push fixtures: only this project\'s repositories')
    .option('--branch <branch>', 'push fixtures: branch to push (default: the universe branch)')
    .option('--wait', 'push fixtures: wait for the queued jobs and exit 1 if any failed')
    .option('--json', 'print JSON')
    .action(async (what: string, args: string[], o: { copies?: string, name?: string, repo?: string, project?: string, branch?: string, wait?: boolean, json?: boolean }) => {
      const { inject } = await import('./commands/nodes.js')
      const params: Record<string, string> = {}
      if (o.name !== undefined) params.name = o.name
      if (o.repo !== undefined) params.repo = o.repo
      if (o.project !== undefined) params.project = o.project
      if (o.branch !== undefined) params.branch = o.branch
      if (o.wait === true) params.wait = 'true'
      setExit(await inject(io, api(), what, args, { ...(o.copies !== undefined ? { copies: o.copies } : {}), ...(o.json !== undefined ? { json: o.json } : {}), params }))
    })

  program.command('kill <what> [args...]')
    .description('remove a universe (universe <name>), a simple (simple <name> [universe]) or one copy of a service (<service> [universe])')
    .action(async (what: string, args: string[]) => {
      const { kill } = await import('./commands/nodes.js')
      await kill(io, api(), what, args)
    })

  return program
}
