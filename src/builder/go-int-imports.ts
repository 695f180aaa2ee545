/**
 * TinyGo lets a host import take Go `int` and `*int` (32 bits on its wasm target), `byte` (an i32) and `[]byte`
 * (lowered to pointer, length and capacity); standard Go refuses them in a `//go:wasmimport` func (int is 64 bits
 * there, and slices are not allowed). go-sdk-symbols declares such imports (`contentSeekFile`, `putGlobalValue`,
 * `fifoPush`), and any package importing their file must compile. So the import is declared under another name
 * with `int32`, `*int32`, `uint32` and a `*byte, uint32, uint32` triple, and the original name becomes a wrapper
 * converting to and from them: the guest's callers keep their types and the host sees TinyGo's parameters. All on
 * the func's own line, so line numbers stay.
 */

const FUNC = /^func\s+([A-Za-z_]\w*)\s*\(([^()]*)\)\s*(.*)$/
const INT = /^(\*?)int$/
const BYTES = '[]byte'
/** A byte parameter: an i32 on the wasm boundary, as TinyGo passes it. */
const BYTE = /^(byte|uint8)$/

/** The func line rewritten when it takes an `int` or `*int`, else undefined. */
export function int32Import(line: string): string | undefined {
  const m = FUNC.exec(line.trim())
  // Only a bodyless declaration is an import.
  if (m === null || (m[3] ?? '').includes('{')) return undefined
  const [, name = '', paramText = '', resultText = ''] = m
  const parts = paramText.trim() === '' ? [] : paramText.split(',').map(p => p.trim().split(/\s+/))
  // Grouped names (`a, b uint32`) take the type that follows them; unnamed params are left as they are.
  if (parts.some(p => p.length > 2) || (parts.length > 0 && parts.at(-1)?.length !== 2)) return undefined
  const params: string[][] = []
  for (let i = 0; i < parts.length; i++) {
    let typed = i
    while ((parts[typed] as string[]).length === 1) typed++
    params.push([(parts[i] as string[])[0] as string, (parts[typed] as string[])[1] as string])
  }
  if (!params.some(p => INT.test(p[1] as string) || BYTE.test(p[1] as string) || p[1] === BYTES)) return undefined
  const result = /^\(\s*([A-Za-z_]\w*)\s+([^()]+)\)$/.exec(resultText.trim())
  const inner = `__dream_i32_${name}`
  const decl = params
    .map(([n, t]) =>
      t === BYTES
        ? `${n}Ptr *byte, ${n}Len uint32, ${n}Cap uint32`
        : `${n} ${(t as string).replace(INT, '$1int32').replace(BYTE, 'uint32')}`
    )
    .join(', ')
  const temps: string[] = []
  const copies: string[] = []
  const args = params.map(([n, t], i) => {
    if (t === 'int') return `int32(${n})`
    if (BYTE.test(t as string)) return `uint32(${n})`
    if (t === BYTES) {
      temps.push(`var t${i} *byte`, `if cap(${n}) > 0 { t${i} = &${n}[:cap(${n})][0] }`)
      return `t${i}, uint32(len(${n})), uint32(cap(${n}))`
    }
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
