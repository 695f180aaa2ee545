/**
 * Rewrites Go source written for Taubyte's TinyGo builds into what the standard toolchain (1.24+) accepts, in a
 * build copy only. TinyGo spells a host import as `//go:wasm-module M` + `//export name` above a bodyless func,
 * and an export as `//export name` above a func with a body; standard Go spells them `//go:wasmimport M name` and
 * `//go:wasmexport name`. Both lower `string` parameters to (pointer, length) and pointers to i32, so the
 * signatures need no change, but for Go `int` parameters (go-int-imports.ts).
 */
import { int32Import } from './go-int-imports.js'

const WASM_MODULE = /^\/\/go:wasm-module\s+(\S+)\s*$/
const EXPORT = /^\/\/export\s+(\S+)\s*$/

/** True when the text uses TinyGo's import or export directives (so the file needs adapting). */
export function needsAdapting(text: string): boolean {
  return /^\/\/(go:wasm-module|export)\s/m.test(text)
}

/**
 * The adapted text. Lines keep their numbers (a removed `//go:wasm-module` line becomes an empty line), so that
 * compile errors point at the user's own lines.
 */
export function adaptDirectives(text: string): string {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const mod = WASM_MODULE.exec(lines[i] as string)
    if (mod !== null) {
      // The //export line may follow directly or after other directives/comments of the same block.
      for (let j = i + 1; j < lines.length && (lines[j] as string).startsWith('//'); j++) {
        const exp = EXPORT.exec(lines[j] as string)
        if (exp === null) continue
        lines[i] = ''
        // A func with a body under these directives (go-sdk-symbols' `fifoClose`) is no import: it stays a plain func.
        if (/\{\s*\}?\s*$/.test(lines[j + 1] ?? '')) {
          lines[j] = ''
          break
        }
        lines[j] = `//go:wasmimport ${mod[1] as string} ${exp[1] as string}`
        wrapImport(lines, j + 1)
        break
      }
      continue
    }
    const exp = EXPORT.exec(lines[i] as string)
    if (exp !== null) lines[i] = `//go:wasmexport ${exp[1] as string}`
  }
  return lines.join('\n')
}

/**
 * Rewrites the import declared from line `k` when it takes a parameter standard Go refuses (go-int-imports.ts). A
 * declaration over several lines (`func F(` ... `) result`) is rewritten on its first line and its other lines are
 * emptied, so the lines after it keep their numbers.
 */
function wrapImport(lines: string[], k: number): void {
  const first = lines[k]
  if (first === undefined) return
  let end = k
  if (/\(\s*$/.test(first)) {
    while (end + 1 < lines.length && !/^\)/.test(lines[end + 1] as string)) end++
    end++
    if (end >= lines.length) return
  }
  const joined = lines
    .slice(k, end + 1)
    .map(l => l.trim())
    .join(' ')
    .replace(/\(\s+/, '(')
    .replace(/,?\s*\)/, ')')
  const wrapped = int32Import(joined)
  if (wrapped === undefined) return
  lines[k] = wrapped
  for (let i = k + 1; i <= end; i++) lines[i] = ''
}

/** `package x` of a Go file (the first package clause), or undefined. */
export function packageName(text: string): string | undefined {
  return /^package\s+([A-Za-z_]\w*)/m.exec(text)?.[1]
}

/** Renames the package clause (older Taubyte templates use `package lib` for the handler's package). */
export function renamePackage(text: string, to: string): string {
  return text.replace(/^package\s+[A-Za-z_]\w*/m, `package ${to}`)
}

/** True when the text declares `func main()`. */
export function declaresMain(text: string): boolean {
  return /^func\s+main\s*\(\s*\)/m.test(text)
}
