#!/usr/bin/env node
// The `dream` executable: loads the compiled CLI (npm ci builds it through `prepare`). It exits as soon as the
// command is done: libp2p leaves a 1 s timer behind after stop(), which would otherwise delay the exit. Writes to
// a pipe are asynchronous, so it exits only once stdout and stderr have taken everything written to them.
import { run } from '../dist/src/cli/main.js'

// A reader that stopped reading (`dream builds | head -1`) wants no more output: that is no error of ours.
process.stdout.on('error', err => {
  if (err.code !== 'EPIPE') throw err
  process.exit(process.exitCode ?? 0)
})

const code = await run(process.argv)
process.exitCode = code
process.stdout.write('', () => {
  process.stderr.write('', () => {
    process.exit(code)
  })
})
