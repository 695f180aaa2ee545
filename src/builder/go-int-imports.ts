/**
 * TinyGo lets a host import take Go `int` and `*int` (32 bits on its wasm target); standard Go refuses them in a
 * `//go:wasmimport` func (int is 64 bits there). go-sdk-symbols declares one such import (`contentSeekFile`), and
 * any package importing its file must compile. So the import is declared under another name with `int32` and
 * `*int32`, and the original name becomes a wrapper converting to and from them: the guest's callers keep their
 * types and the host sees TinyGo's i32s. All on the func's own line, so line numbers stay.
 */

const FUNC = /^func\s+([A-Za-z_]\w*)\s*\(([^()]*)\)\s*(.*)$/
const INT = /^(\*?)int$/

/** The func line rewritten when it takes an `int` or `*int`, else undefined. */
export function int32Import(line: string): string | undefined {
  const m = FUNC.exec(line.trim())
  // Only a bodyless declaration is an import.
  if (m === null || (m[3] ?? '').includes('{')) return undefined
  const [, name = '', paramText = '', resultText = ''] = m
  const params = paramText.trim() === '' ? [] : paramText.split(',').map(p => p.trim().split(/\s+/))
  // Grouped names (`a, b uint32`) or unnamed params: left as they are.
  if (params.some(p => p.length !== 2)) return undefined
  if (!params.some(p => INT.test(p[1] as string))) return undefined
  const result = /^\(\s*([A-Za-z_]\w*)\s+([^()]+)\)$/.exec(resultText.trim())
  const inner = `__dream_i32_${name}`
  const decl = params.map(([n, t]) => `${n} ${(t as string).replace(INT, '$1int32')}`).join(', ')
  const temps: string[] = []
  const copies: string[] = []
  const args = params.map(([n, t], i) => {
    if (t === 'int') return `int32(${n})`
    if (t !== '*int') return n as string
    temps.push(`var t${i} int32`)
    copies.push(`if ${n} != nil { *${n} = int(t${i}) }`)
    return `&t${i}`
  })
  const call = `${inner}(${args.join(', ')})`
  const body =
    result === null
      ? resultText.trim() === ''
        ? [...temps, call, ...copies]
        : [...temps, `r := ${call}`, ...copies, 'return r']
      : [...temps, `${result[1]} = ${call}`, ...copies, 'return']
  const results = resultText.trim()
  return `func ${inner}(${decl}) ${results}; func ${name}(${paramText}) ${results} { ${body.join('; ')} }`
}
