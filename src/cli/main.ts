import '../shared/polyfill.js'
import { CommanderError } from 'commander'
import { DreamError } from '../shared/errors.js'
import { buildProgram, helpListings } from './program.js'
import type { Io } from './output.js'

/**
 * Runs the CLI and returns its exit code. User errors print their message (no stack) and give 1; anything
 * unexpected prints the stack and a hint to report it. With --json every error is also one JSON document on
 * stdout: `{"error": {"code", "message"}}`.
 */
export async function run(argv: string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let code = 0
  // Only help lists the templates and fixtures: reading the fixtures' registry costs every other command time.
  const wantsHelp = argv.slice(2).some(a => a === '--help' || a === '-h' || a === 'help')
  const program = buildProgram(
    io,
    c => {
      code = c
    },
    wantsHelp ? await helpListings() : undefined
  )
  const wantsJson = argv.slice(2).includes('--json')
  const jsonError = (c: string, message: string): void => {
    io.out.write(`${JSON.stringify({ error: { code: c, message } }, null, 2)}\n`)
  }
  try {
    await program.parseAsync(argv)
    return code
  } catch (err) {
    if (err instanceof CommanderError) {
      if (wantsJson && err.exitCode !== 0) jsonError('USAGE', err.message.replace(/^error: /, ''))
      return err.exitCode
    }
    if (wantsJson) {
      jsonError(err instanceof DreamError ? err.code : 'INTERNAL', err instanceof Error ? err.message : String(err))
    }
    if (err instanceof DreamError && err.expose) {
      io.err.write(`Error: ${err.message}\n`)
      return 1
    }
    io.err.write(
      `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n` +
        'This looks like a bug in dream; please report it with the command you ran.\n'
    )
    return 1
  }
}
