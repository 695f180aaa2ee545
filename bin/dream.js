#!/usr/bin/env node
// The `dream` executable: loads the compiled CLI (npm ci builds it through `prepare`). It exits as soon as the
// command is done: libp2p leaves a 1 s timer behind after stop(), which would otherwise delay the exit.
import { run } from '../dist/src/cli/main.js'

process.exit(await run(process.argv))
