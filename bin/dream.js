#!/usr/bin/env node
// The `dream` executable: loads the compiled CLI (npm ci builds it through `prepare`).
import { run } from '../dist/src/cli/main.js'

process.exitCode = await run(process.argv)
