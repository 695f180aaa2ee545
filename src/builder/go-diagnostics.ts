/**
 * Compile errors from `go build` as `file:line:col: message`, with file names relative to the repository:
 * the toolchain prints them relative to the build copy (`./ping_pong.go:12:2: ...`), the label is the function
 * dir's path in the repository (`functions/ping_pong`).
 */
const LOCATED = /^(\S+?\.go):(\d+)(?::(\d+))?: (.*)$/

export function goDiagnostics(stderr: string, label?: string): string[] {
  const out: string[] = []
  for (const raw of stderr.split('\n')) {
    const m = LOCATED.exec(raw.trim())
    if (m === null) continue
    const file = (m[1] as string).replace(/^\.\//, '')
    const where = label === undefined || label === '' || file.startsWith('/') ? file : `${label}/${file}`
    out.push(`${where}:${m[2] as string}:${m[3] ?? '0'}: error: ${m[4] as string}`)
  }
  return out
}
