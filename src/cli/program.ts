import { Command, type CommandUnknownOpts, Option } from '@commander-js/extra-typings'
import { DEFAULT_API_PORT } from '../shared/defaults.js'
import { InvalidInputError } from '../shared/errors.js'
import { ApiClient } from './api-client.js'
import { COMMANDS } from './commands/index.js'
import { type CliCommand, type CliContext, GROUPS } from './define.js'
import type { Io } from './output.js'
import { version } from './version.js'

/**
 * Builds the `dream` command tree from the command registry (src/cli/commands/index.ts). `setExit` carries a
 * non-zero exit code; `listings` holds what `--help` lists for a command (from `helpListings`, when help is asked).
 */
export function buildProgram(
  io: Io,
  setExit: (code: number) => void,
  listings: ReadonlyMap<CliCommand, string> = new Map()
) {
  const program = new Command('dream')
    .description('a local multi-node peer-to-peer cloud (dreamland in TypeScript)')
    .addOption(new Option('--api-port <port>', 'control API port').env('DREAM_API_PORT'))
    .option('--verbose', 'log everything the daemon does (as DREAM_LOG=debug)')
    .option('--quiet', 'log only warnings and errors (as DREAM_LOG=warn)')
    .version(version(), '-V, --version', 'print the version of dream')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: s => io.out.write(s), writeErr: s => io.err.write(s) })
    // Before any command is added, so that each inherits it: help and usage errors throw, run() returns their code.
    .exitOverride()

  const apiPort = (): number => {
    const raw = program.opts().apiPort
    if (raw === undefined) return DEFAULT_API_PORT
    const port = Number(raw)
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new InvalidInputError('API_PORT', `--api-port must be a port number, not "${raw}"`)
    return port
  }
  const ctx: CliContext = {
    io,
    setExit,
    apiPort,
    api: () => new ApiClient(apiPort()),
    logLevel: () => {
      const o = program.opts()
      return o.verbose === true ? 'debug' : o.quiet === true ? 'warn' : undefined
    },
    program
  }
  const groups = new Map<string, Command>()
  const parentOf = (def: CliCommand): Command => {
    if (def.group === undefined) return program
    let group = groups.get(def.group)
    if (group === undefined) {
      group = withExamples(program.command(def.group).description(GROUPS[def.group].description), GROUPS[def.group])
      groups.set(def.group, group)
    }
    return group
  }
  withExamples(program, { examples: ['dream new multiverse --daemon', 'dream status universe'] })
  for (const def of COMMANDS) {
    const cmd = def.define(parentOf(def), ctx)
    // A command's own subcommands (`status universe`) end with its examples too.
    for (const c of [cmd, ...cmd.commands]) withExamples(c, def, listings.get(def))
  }
  return program
}

/** Ends the command's --help with what it lists (templates, fixtures) and its examples. */
function withExamples<C extends CommandUnknownOpts>(cmd: C, def: { examples: readonly string[] }, listing?: string): C {
  cmd.addHelpText('after', () => {
    const examples = def.examples.map(e => `  $ ${e}`).join('\n')
    return `${listing !== undefined ? `\n${listing}\n` : ''}\nExamples:\n${examples}\n`
  })
  return cmd
}

/** What each command's `--help` lists (templates, fixtures), read once help is asked for. */
export async function helpListings(): Promise<Map<CliCommand, string>> {
  const listings = new Map<CliCommand, string>()
  for (const def of COMMANDS) if (def.listing !== undefined) listings.set(def, await def.listing())
  return listings
}
