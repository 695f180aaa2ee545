import { type Command, type CommandUnknownOpts, Option } from '@commander-js/extra-typings'
import { DEFAULT_UNIVERSE } from '../shared/defaults.js'
import { InvalidInputError } from '../shared/errors.js'
import { checkBranch, list } from '../universe/config.js'
import type { MultiverseOptions } from './actions/multiverse.js'
import type { CliContext } from './define.js'
import { fixtureList } from './flags.js'

// biome-ignore lint/complexity/noBannedTypes: commander's own type of a command with no options yet
type NoFlags = {}

/** The default of --simples. */
const DEFAULT_SIMPLE_FLAG = 'elder,client'

/** The flags of a universe's make-up, shared by `dream new multiverse`, `dream start` and `dream new universe`. */
export const withUniverseFlags = <A extends unknown[]>(
  cmd: Command<A, NoFlags>,
  help: { branch: string; fixtures: string }
) =>
  cmd
    .option('--enable <services>', 'start only these services (comma list)')
    .option('--disable <services>', 'start every default service but these')
    .option('--simples <names>', 'simple nodes to start', DEFAULT_SIMPLE_FLAG)
    .option('--empty', 'start no service and no simple node, only what --enable and --simples name')
    .option('--bind <binds...>', 'pin ports: service@port[/http|p2p|dns|copies]')
    .option('-b, --branch <branch>', help.branch)
    .option('--fixtures <names>', help.fixtures)

/** Flags of the process that runs the multiverse which a `--daemon` child is not given again as they were. */
const NOT_PASSED_ON = new Set(['daemon', 'public', 'apiPort', 'parentWatch', 'pidFile'])

/**
 * The flags of `dream new multiverse` and `dream start`: one definition, from which the foreground options
 * (`multiverseOptions`) and a `--daemon` child's command line (`daemonArgs`) are both read.
 */
export const withMultiverseFlags = <A extends unknown[]>(cmd: Command<A, NoFlags>) =>
  withUniverseFlags(cmd, {
    branch: 'the branch builds and routing use (default main; see set-branch)',
    fixtures: 'fixtures to run once the universes are up (comma list, e.g. fake-project)'
  })
    .option('-u, --universes <names>', 'universes to start (comma list)', DEFAULT_UNIVERSE)
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
    .addOption(new Option('--pid-file <path>', 'a file holding this pid, removed on exit (set by --daemon)').hideHelp())

type UniverseFlagValues = ReturnType<ReturnType<typeof withUniverseFlags<[]>>['opts']>
export type MultiverseFlagValues = ReturnType<ReturnType<typeof withMultiverseFlags<[]>>['opts']>

/** --simples, except that with --empty and no --simples given there are none. */
function simplesOf(o: UniverseFlagValues, cmd: CommandUnknownOpts): string[] {
  return o.empty === true && cmd.getOptionValueSource('simples') === 'default' ? [] : list(o.simples)
}

/** A universe's make-up from its flags, as `POST /universe` and the daemon take it. */
export function universeConfig(o: UniverseFlagValues & { webhooks: boolean }, cmd: CommandUnknownOpts) {
  return {
    enable: list(o.enable),
    disable: list(o.disable),
    simples: simplesOf(o, cmd),
    bind: o.bind ?? [],
    webhooks: o.webhooks,
    ...(o.empty === true ? { empty: true } : {}),
    ...(o.branch !== undefined ? { branch: o.branch } : {})
  }
}

/** Refuses what cannot work before anything starts; `--api-port` here is the program's --api-port. */
export function checkMultiverseFlags(o: MultiverseFlagValues, ctx: CliContext): void {
  if (o.public !== undefined && /^(true|1|yes)$/i.test(o.public))
    throw new InvalidInputError(
      'PUBLIC_REFUSED',
      '--public cannot work here: the control API serves only this machine (127.0.0.1); ' +
        'reach it from elsewhere through an SSH tunnel'
    )
  if (o.apiPort !== undefined) ctx.program.setOptionValue('apiPort', o.apiPort)
  if (o.branch !== undefined) checkBranch(o.branch)
}

/** What `newMultiverse` runs in the foreground. */
export function multiverseOptions(
  o: MultiverseFlagValues,
  cmd: CommandUnknownOpts,
  ctx: CliContext
): MultiverseOptions {
  const level = ctx.logLevel()
  return {
    universes: list(o.universes),
    ...universeConfig(o, cmd),
    keep: o.keep === true,
    fixtures: fixtureList(o.fixtures),
    apiPort: ctx.apiPort(),
    parentWatch: o.parentWatch,
    ...(o.pidFile !== undefined ? { pidFile: o.pidFile } : {}),
    allowOrigins: (o.allowOrigin ?? [])
      .flatMap(x => x.split(','))
      .map(x => x.trim())
      .filter(x => x !== ''),
    ...(level !== undefined ? { logLevel: level } : {})
  }
}

/**
 * The command line of the `--daemon` child: every multiverse flag given here, read from the command's own option
 * definitions (so a new flag cannot be forgotten), plus the API port and log level of the program.
 */
export function daemonArgs(cmd: CommandUnknownOpts, ctx: CliContext): string[] {
  const args: string[] = []
  for (const option of cmd.options) {
    const key = option.attributeName()
    const source = cmd.getOptionValueSource(key)
    if (NOT_PASSED_ON.has(key) || source === undefined || source === 'default' || option.long === undefined) continue
    const value: unknown = cmd.getOptionValue(key)
    if (option.negate) {
      if (value === false) args.push(option.long)
    } else if (value === true) args.push(option.long)
    else if (Array.isArray(value)) args.push(option.long, ...value.map(String))
    else if (value !== undefined && value !== false) args.push(option.long, String(value))
  }
  const level = ctx.logLevel()
  return [
    ...args,
    '--api-port',
    String(ctx.apiPort()),
    ...(level === 'debug' ? ['--verbose'] : level === 'warn' ? ['--quiet'] : [])
  ]
}
