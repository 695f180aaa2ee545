/**
 * Which AssemblyScript file is the function's entry. Rule (templates/README.md):
 * `index.ts`, else `<dir name>.ts`, else the only `.ts` file at the top level of the function dir.
 * Templates ship `<template>.ts` (as tau's do); the single-file rule keeps them working under any function name.
 */
import { readdir } from 'node:fs/promises'
import { basename } from 'node:path'
import { BuildError } from '../shared/errors.js'

export async function chooseEntry(dir: string): Promise<string> {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter(e => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map(e => e.name)
  if (files.includes('index.ts')) return 'index.ts'
  const named = `${basename(dir)}.ts`
  if (files.includes(named)) return named
  if (files.length === 1) return files[0] as string
  if (files.length === 0)
    throw new BuildError(
      'BUILD_NO_ENTRY',
      `no AssemblyScript entry in ${dir}: expected index.ts, ${named} or a single .ts file`
    )
  throw new BuildError(
    'BUILD_NO_ENTRY',
    `ambiguous entry in ${dir}: found ${files.sort().join(', ')}; name one index.ts or ${named}`
  )
}
