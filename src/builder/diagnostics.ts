/** Turns compiler diagnostics into the readable text of a BUILD_COMPILE error. */
import type { CompileResult, Diagnostic } from './protocol.js'

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file === undefined ? '' : `${d.file}${d.line !== undefined ? `:${d.line}:${d.column ?? 0}` : ''}: `
  return `${where}${d.category} AS${d.code}: ${d.message}`
}

export function compileFailureText(r: CompileResult): string {
  const errors = r.diagnostics.filter(d => d.category === 'error')
  if (errors.length > 0) return errors.map(formatDiagnostic).join('\n')
  // No structured diagnostic: fall back to what the compiler printed, then to its error.
  const printed = r.output.trim()
  return printed !== '' ? printed : (r.error ?? 'compiler produced no output')
}
