/**
 * Go's runtime reports a panic or a fatal error on stderr (which is the call's log), then stops with its own
 * abort, an `unreachable` trap. The log says what happened: `panic: ...`, or `fatal error: out of memory` when
 * memory.grow failed at the function's cap.
 */
interface GoFailure {
  memory: boolean
  detail: string
}

export function goRuntimeFailure(logs: string[]): GoFailure | undefined {
  const detail = logs.find(l => l.startsWith('panic: ') || l.startsWith('fatal error: '))
  if (detail === undefined) return undefined
  const memory = detail === 'fatal error: out of memory' || logs.some(l => l.startsWith('runtime: out of memory'))
  return { memory, detail }
}
