import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command, Option } from 'commander'
import { ApiClient } from './api-client.js'
import { DEFAULT_API_PORT, DEFAULT_UNIVERSE } from '../shared/defaults.js'
import { InvalidInputError } from '../shared/errors.js'
import { HTTP_METHODS, MAX_COPIES } from '../shared/names.js'
import { checkBranch, list } from '../universe/config.js'
import { packageRoot } from '../shared/package-root.js'
import type { Level } from '../shared/log.js'
import type { Io } from './output.js'
import {
  DEFAULT_SIMPLE_FLAG,
  fixtureList,
  fixtureParamsOf,
  simplesOf,
  withUniverse,
  type InjectFlags,
  type MultiverseFlags,
  type UniverseFlags
} from './flags.js'

/** Builds the `dream` command tree. Actions lazy-load their handlers; `setExit` carries a non-zero exit code. */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('dream')
    .description('a local multi-node peer-to-peer cloud (dreamland in TypeScript)')
    .addOption(new Option('--api-port <port>', 'control API port').env('DREAM_API_PORT'))
    .option('--verbose', 'log everything the daemon does (as DREAM_LOG=debug)')
    .option('--quiet', 'log only warnings and errors (as DREAM_LOG=warn)')
    .version(version(), '-V, --version', 'print the version of dream')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: s => io.out.write(s), writeErr: s => io.err.write(s) })

  const apiPort = (): number => {
    const raw = program.opts<{ apiPort?: string }>().apiPort
    if (raw === undefined) return DEFAULT_API_PORT
    const port = Number(raw)
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new InvalidInputError('API_PORT', `--api-port must be a port number, not "${raw}"`)
    return port
  }
  const api = (): ApiClient => new ApiClient(apiPort())
  /** --verbose / --quiet; otherwise the logger reads DREAM_LOG (debug|info|warn|error|silent, default info). */
  const logLevel = (): Level | undefined => {
    const o = program.opts<{ verbose?: boolean; quiet?: boolean }>()
    return o.verbose === true ? 'debug' : o.quiet === true ? 'warn' : undefined
  }

  program
    .command('version')
    .description('print the version of dream')
    .action(() => {
      io.out.write(`${version()}\n`)
    })

  const newCmd = program.command('new').description('start a multiverse, add a universe, or create project resources')
  const multiverseAction = async (o: MultiverseFlags, cmd: Command): Promise<void> => {
    if (o.public !== undefined && /^(true|1|yes)$/i.test(o.public))
      throw new InvalidInputError(
        'PUBLIC_REFUSED',
        '--public cannot work here: the control API serves only this machine (127.0.0.1); ' +
          'reach it from elsewhere through an SSH tunnel'
      )
    if (o.apiPort !== undefined) program.setOptionValue('apiPort', o.apiPort)
    if (o.branch !== undefined) checkBranch(o.branch)
    const fixtures = fixtureList(o.fixtures)
    if (o.daemon === true) {
      const { startInBackground } = await import('./commands/background.js')
      const args = [
        '--universes',
        o.universes,
        ...(cmd.getOptionValueSource('simples') === 'default' ? [] : ['--simples', o.simples]),
        '--api-port',
        String(apiPort()),
        ...(o.enable !== undefined ? ['--enable', o.enable] : []),
        ...(o.disable !== undefined ? ['--disable', o.disable] : []),
        ...(o.bind !== undefined ? ['--bind', ...o.bind] : []),
        ...(o.keep === true ? ['--keep'] : []),
        ...(o.empty === true ? ['--empty'] : []),
        ...(o.branch !== undefined ? ['--branch', o.branch] : []),
        ...(fixtures.length > 0 ? ['--fixtures', fixtures.join(',')] : []),
        ...(o.webhooks ? [] : ['--no-webhooks']),
        ...(logLevel() === 'debug' ? ['--verbose'] : logLevel() === 'warn' ? ['--quiet'] : [])
      ]
      setExit(await startInBackground(io, args, apiPort(), list(o.universes).length || 1))
      return
    }
    const { newMultiverse } = await import('./commands/multiverse.js')
    const level = logLevel()
    setExit(
      await newMultiverse(io, {
        universes: list(o.universes),
        enable: list(o.enable),
        disable: list(o.disable),
        simples: simplesOf(o, cmd),
        bind: o.bind ?? [],
        keep: o.keep === true,
        webhooks: o.webhooks,
        ...(o.empty === true ? { empty: true } : {}),
        ...(o.branch !== undefined ? { branch: o.branch } : {}),
        fixtures,
        apiPort: apiPort(),
        parentWatch: o.parentWatch,
        ...(o.pidFile !== undefined ? { pidFile: o.pidFile } : {}),
        allowOrigins: (o.allowOrigin ?? [])
          .flatMap(x => x.split(','))
          .map(x => x.trim())
          .filter(x => x !== ''),
        ...(level !== undefined ? { logLevel: level } : {})
      })
    )
  }
  const multiverseOptions = (cmd: Command): Command =>
    cmd
      .option('-u, --universes <names>', 'universes to start (comma list)', DEFAULT_UNIVERSE)
      .option('--enable <services>', 'start only these services (comma list)')
      .option('--disable <services>', 'start every default service but these')
      .option('--simples <names>', 'simple nodes to start', DEFAULT_SIMPLE_FLAG)
      .option('--empty', 'start no service and no simple node, only what --enable and --simples name')
      .option('--bind <binds...>', 'pin ports: service@port[/http|p2p|dns|copies]')
      .option('-b, --branch <branch>', 'the branch builds and routing use (default main; see set-branch)')
      .option('--fixtures <names>', 'fixtures to run once the universes are up (comma list, e.g. fake-project)')
      .option('--keep', 'keep the universe state in ~/.cache/dream after exit')
      .option('--no-webhooks', 'do not deliver git push webhooks (only fixtures start builds)')
      .option('--api-port <port>', 'control API port (default 1421, or DREAM_API_PORT)')
      .option(
        '--allow-origin <origins...>',
        'web page origins allowed to call the control API (comma list; none by default)'
      )
      .option('--daemon', 'run in the background (log and pid in ~/.cache/dream); return once it is ready')
      .addOption(new Option('--public <bool>', 'refused: the control API serves this machine only').hideHelp())
      .addOption(new Option('--no-parent-watch', 'keep running when the starting process goes away').hideHelp())
      .addOption(
        new Option('--pid-file <path>', 'a file holding this pid, removed on exit (set by --daemon)').hideHelp()
      )
  multiverseOptions(
    newCmd
      .command('multiverse')
      .description(`run the control API and universe ${DEFAULT_UNIVERSE} in the foreground (Ctrl-C stops everything)`)
  ).action(multiverseAction)
  // Taubyte's current name for it; its optional multiverse name is the one this dream has.
  multiverseOptions(
    program.command('start [multiverse]').description("the same as `dream new multiverse` (Taubyte's name for it)")
  ).action(async (name: string | undefined, o: MultiverseFlags, cmd: Command) => {
    if (name !== undefined && name !== 'default')
      throw new InvalidInputError(
        'MULTIVERSE_NAME',
        `a dream runs one multiverse, "default"; run another dream with --api-port for a second one, not "${name}"`
      )
    await multiverseAction(o, cmd)
  })
  newCmd
    .command('universe <name>')
    .description('add a universe to the running dream')
    .option('--enable <services>', 'start only these services (comma list)')
    .option('--disable <services>', 'start every default service but these')
    .option('--simples <names>', 'simple nodes to start', DEFAULT_SIMPLE_FLAG)
    .option('--empty', 'start no service and no simple node, only what --enable and --simples name')
    .option('--bind <binds...>', 'pin ports: service@port[/http|p2p|dns|copies]')
    .option('-b, --branch <branch>', 'the branch builds and routing use (default main)')
    .option('--fixtures <names>', 'fixtures to run once the universe is up (comma list)')
    .option('--no-webhooks', 'do not deliver git push webhooks (only fixtures start builds)')
    .action(async (name: string, o: UniverseFlags, cmd: Command) => {
      const { newUniverse } = await import('./commands/nodes.js')
      await newUniverse(
        io,
        api(),
        name,
        {
          enable: list(o.enable),
          disable: list(o.disable),
          simples: simplesOf(o, cmd),
          bind: o.bind ?? [],
          webhooks: o.webhooks,
          ...(o.empty === true ? { empty: true } : {}),
          ...(o.branch !== undefined ? { branch: o.branch } : {})
        },
        fixtureList(o.fixtures)
      )
    })

  newCmd
    .command('project <name>')
    .description('create a project: config and code repositories on the git host, registered with auth')
    .option('--description <text>', 'project description')
    .option('--private', 'make both repositories private')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(async (name: string, o: { description?: string; private?: boolean; universe: string; json?: boolean }) => {
      const { newProject } = await import('./commands/project.js')
      await newProject(io, api(), name, o)
    })
  newCmd
    .command('function <name>')
    .description('add a function from a template (config YAML + code), pushed to the project repositories')
    .requiredOption('--project <name>', 'project name or id')
    .requiredOption('--template <template>', 'function template (ping_pong, echo)')
    .option('--language <language>', 'go (needs Go 1.24+ on PATH) or assemblyscript', 'go')
    .option('--domain <name>', 'domain resource to serve on (default: GeneratedDomain, created if missing)')
    .option('--method <method>', `HTTP method: ${HTTP_METHODS.join(', ')} (default: the template's)`)
    .option('--path <path>', "HTTP path (default: the template's)")
    .option('--library <name>', "run this library's code (source: libraries/<name>) instead of the template's")
    .option('--call <export>', "the export it runs (default: the template's)")
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        o: {
          project: string
          template: string
          language: string
          domain?: string
          method?: string
          path?: string
          library?: string
          call?: string
          universe: string
          json?: boolean
        }
      ) => {
        const { newFunction } = await import('./commands/project.js')
        await newFunction(io, api(), name, o)
      }
    )
  newCmd
    .command('library <name>')
    .description('add a library: its own repository (from a template) and its YAML in the config repository')
    .requiredOption('--project <name>', 'project name or id')
    .option('--template <template>', 'library template', 'ping_pong')
    .option('--language <language>', 'go (needs Go 1.24+ on PATH) or assemblyscript', 'go')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        o: { project: string; template: string; language: string; universe: string; json?: boolean }
      ) => {
        const { newLibrary } = await import('./commands/project.js')
        await newLibrary(io, api(), name, o)
      }
    )
  newCmd
    .command('domain <name>')
    .description('add a domain resource to a project (a generated fqdn unless --fqdn)')
    .requiredOption('--project <name>', 'project name or id')
    .option('--fqdn <host>', 'the host name')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(async (name: string, o: { project: string; fqdn?: string; universe: string; json?: boolean }) => {
      const { newDomain } = await import('./commands/project.js')
      await newDomain(io, api(), name, o)
    })

  newCmd
    .command('website <name>')
    .description('add a website: its own repository from a template, and its YAML in the project config')
    .requiredOption('--project <name>', 'project name or id')
    .option('--template <template>', 'website template (static, build)', 'static')
    .option('--domain <name>', 'domain resource to serve on (default: GeneratedDomain, created if missing)')
    .option('--path <path>', 'the path the website is served under', '/')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        o: { project: string; template: string; domain?: string; path: string; universe: string; json?: boolean }
      ) => {
        const { newWebsite } = await import('./commands/website.js')
        await newWebsite(io, api(), name, o)
      }
    )

  program
    .command('builds')
    .description('CI/CD jobs, newest first')
    .option('--project <name>', 'only this project')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON')
    .action(async (o: { project?: string; universe: string; json?: boolean }) => {
      const { builds } = await import('./commands/builds.js')
      await builds(io, api(), o)
    })
  program
    .command('logs [job]')
    .description('the log of a build job (id, unique prefix or `latest`), or with --function what functions logged')
    .option('-f, --follow', 'follow a job until it ends (exit 0 when it succeeded, 1 when not), or function logs')
    .option('--function <name>', 'show what this function (or with --function all, every function) logged')
    .option('--project <name>', 'with `latest`: the newest job of this project')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON: {job, log} (function logs: {logs}; followed: one JSON object per line)')
    .action(async (job: string | undefined, o: LogsFlags) => {
      const { functionLogs } = await import('./commands/builds.js')
      const { jobLogs, followFunctionLogs } = await import('./commands/logs.js')
      if (o.function !== undefined) {
        const fo = {
          universe: o.universe,
          ...(o.function !== 'all' ? { function: o.function } : {}),
          ...(o.json !== undefined ? { json: o.json } : {})
        }
        if (o.follow === true) setExit(await followFunctionLogs(io, api(), fo))
        else await functionLogs(io, api(), fo)
        return
      }
      if (job === undefined) {
        throw new InvalidInputError('LOGS_WHAT', 'give a job id (from `dream builds`), `latest`, or --function <name>')
      }
      setExit(await jobLogs(io, api(), job, o))
    })

  const status = program
    .command('status')
    .description('show nodes and ports')
    .addHelpText('after', "\nAlso: dream status <service> [universe]   one service's node (`dream status substrate`)")
  status
    .command('universe [name]')
    .alias('u')
    .option('--json', 'print JSON')
    .description('every node of a universe and its ports')
    .action(async (name: string | undefined, o: { json?: boolean }) => {
      const { statusUniverse } = await import('./commands/status.js')
      await statusUniverse(io, api(), name ?? DEFAULT_UNIVERSE, o)
    })
  status
    .command('id [name]')
    .option('--json', 'print JSON')
    .description('the universe id')
    .action(async (name: string | undefined, o: { json?: boolean }) => {
      const { statusId } = await import('./commands/status.js')
      await statusId(io, api(), name ?? DEFAULT_UNIVERSE, o)
    })
  status
    .command('service <service> [universe]', { isDefault: true, hidden: true })
    .option('--json', 'print JSON')
    .description("one service's node and ports")
    .action(async (service: string, universe: string | undefined, o: { json?: boolean }) => {
      const { statusService } = await import('./commands/status.js')
      await statusService(io, api(), service, universe ?? DEFAULT_UNIVERSE, o)
    })

  program
    .command('inject <what> [args...]')
    .description(
      'add nodes (<service> [universe] --copies N, services a,b [universe], simple [name] [universe]) ' +
        'or run a fixture (push-all, build-local-project, ...)'
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
    .option('--json', 'print JSON')
    .action(async (what: string, args: string[], o: InjectFlags) => {
      const { inject } = await import('./commands/nodes.js')
      setExit(
        await inject(io, api(), what, withUniverse(what, args, o.universe), {
          ...(o.copies !== undefined ? { copies: o.copies } : {}),
          ...(o.http !== undefined ? { http: o.http } : {}),
          ...(o.enable !== undefined ? { enable: o.enable } : {}),
          ...(o.disable !== undefined ? { disable: o.disable } : {}),
          ...(o.empty === true ? { empty: true } : {}),
          ...(o.json !== undefined ? { json: o.json } : {}),
          params: fixtureParamsOf(o)
        })
      )
    })

  program
    .command('kill <what> [args...]')
    .description(
      'remove a universe (universe <name>), a simple (simple [name] [universe]), ' +
        'one copy of a service (<service> [universe]) or of each of several (services a,b [universe])'
    )
    .option('-u, --universe <name>', 'the universe (as the trailing [universe])')
    .action(async (what: string, args: string[], o: { universe?: string }) => {
      const { kill } = await import('./commands/nodes.js')
      await kill(io, api(), what, withUniverse(what, args, o.universe))
    })

  program
    .command('ls')
    .description('projects, their functions and websites with routes, each with a paste-ready curl line')
    .option('--project <name>', 'only this project')
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .option('--json', 'print JSON: {projects: [{id, name, commit, routes}]}')
    .action(async (o: { project?: string; universe: string; json?: boolean }) => {
      const { ls } = await import('./commands/ls.js')
      await ls(io, api(), o)
    })
  program
    .command('dev <folder>')
    .description('watch a project folder (config/ and code/): every save is committed, pushed, built and reported')
    .option('--project <name>', "the project (created when missing; default: the folder's name)")
    .option('-u, --universe <name>', 'universe', DEFAULT_UNIVERSE)
    .action(async (folder: string, o: { project?: string; universe: string }) => {
      const { dev } = await import('./commands/dev.js')
      setExit(await dev(io, api(), folder, o))
    })
  program
    .command('stop')
    .description('stop the running dream (on --api-port / DREAM_API_PORT), whoever started it')
    .option('--json', 'print JSON: {stopped, api}')
    .action(async (o: { json?: boolean }) => {
      const { stop } = await import('./commands/stop.js')
      await stop(io, api(), o)
    })
  program
    .command('completion <shell>')
    .description('print a completion script for bash, zsh or fish (e.g. `source <(dream completion bash)`)')
    .action(async (shell: string) => {
      const { completion } = await import('./commands/completion.js')
      completion(io, program, shell)
    })

  return program
}

interface LogsFlags {
  universe: string
  function?: string
  project?: string
  follow?: boolean
  json?: boolean
}

/** The package's version, from its package.json. */
function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
}
