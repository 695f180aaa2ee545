import { readFile } from 'node:fs/promises'
import { join, normalize } from 'node:path'
import { BuildError } from '../../shared/errors.js'

const WHERE = /^(\S+?):(\d+):(\d+): (.*)$/

/**
 * A build error as a user reads it in the job log: each `file:line:col: message` line whose file is in the
 * function's folder gets the file's path in the repository (`functions/ping_pong/ping_pong.ts:6:3: ...`) and the
 * source around it: the line before, the line with a caret under the column, and the line after.
 */
export async function withSourceContext(message: string, srcDir: string, repoPath: string): Promise<string> {
  const out: string[] = []
  for (const line of message.split('\n')) {
    const m = WHERE.exec(line)
    const file = m?.[1]
    const source =
      file !== undefined && safe(file) ? await readFile(join(srcDir, file), 'utf8').catch(() => undefined) : undefined
    if (m === null || file === undefined || source === undefined) {
      out.push(line)
      continue
    }
    const at = Number(m[2])
    const col = Number(m[3])
    out.push(`${repoPath}/${file}:${at}:${col}: ${m[4] ?? ''}`)
    out.push(...excerpt(source.split('\n'), at, col))
  }
  return out.join('\n')
}

/** A path inside the function's folder (no absolute path, no way up). */
function safe(file: string): boolean {
  const n = normalize(file)
  return !n.startsWith('/') && !n.startsWith('..') && !n.startsWith('~')
}

function excerpt(lines: string[], at: number, col: number): string[] {
  const width = String(at + 1).length
  const row = (n: number): string | undefined => {
    const text = lines[n - 1]
    return text === undefined ? undefined : `  ${String(n).padStart(width)} | ${text}`
  }
  const caret = `  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}^`
  return [row(at - 1), row(at), caret, row(at + 1)].filter((l): l is string => l !== undefined)
}

/** A build error of the function at `repoPath` (built from `srcDir`) with its source context; others unchanged. */
export async function inRepository(err: unknown, srcDir: string, repoPath: string): Promise<unknown> {
  if (!(err instanceof BuildError)) return err
  return new BuildError(err.code, await withSourceContext(err.message, srcDir, repoPath), { cause: err })
}
