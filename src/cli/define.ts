import type { Command, CommandUnknownOpts } from '@commander-js/extra-typings'
import type { Level } from '../shared/log.js'
import type { ApiClient } from './api-client.js'
import type { Io } from './output.js'

/** What a command's action reaches: where to write, the control API, and the program's own flags. */
export interface CliContext {
  io: Io
  /** The exit code of the command (0 unless set). */
  setExit: (code: number) => void
  /** The control API's port: --api-port, DREAM_API_PORT or 1421; a bad value is a user error. */
  apiPort: () => number
  api: () => ApiClient
  /** --verbose / --quiet; otherwise the logger reads DREAM_LOG (debug|info|warn|error|silent, default info). */
  logLevel: () => Level | undefined
  /** The whole program, for `dream completion`. */
  program: CommandUnknownOpts
}

/** The groups a command can sit in: `dream new <what>`. */
export const GROUPS = {
  new: {
    description: 'start a multiverse, add a universe, or create project resources',
    examples: ['dream new multiverse --daemon', 'dream new project hello']
  }
} as const

/**
 * One `dream` command: it adds itself (name, arguments, options, action) to its parent, so the types of its
 * arguments and options are inferred from that definition (`@commander-js/extra-typings`). Actions import their
 * handlers lazily: `dream --version` does not load the daemon.
 */
export interface CliCommand {
  /** Under `dream new` when set; otherwise a command of `dream` itself. */
  group?: keyof typeof GROUPS
  define: (parent: Command, ctx: CliContext) => CommandUnknownOpts
  /** One or two command lines, shown at the end of `--help`. */
  examples: readonly string[]
  /** What exists to choose from (templates, fixtures): read only when help is shown, printed before the examples. */
  listing?: () => Promise<string>
}

export const defineCommand = (c: CliCommand): CliCommand => c
