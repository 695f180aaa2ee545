/**
 * Durations and sizes as tau parses them: Go's time.ParseDuration (→ nanoseconds) and
 * alecthomas/units ParseStrictBytes (SI `KB` = 1000, IEC `KiB` = 1024). Both return a message
 * instead of throwing so callers can attach the file and field.
 */

export type Parsed = { ok: true; value: number } | { ok: false; reason: string }

const NS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5 micro sign
  μs: 1000n, // U+03BC greek mu
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n
}
const INT64_MAX = (1n << 63n) - 1n

/** Go duration string (`10s`, `6m40s`, `1h2m3.5s`, `-1.5h`, `0`) → nanoseconds. */
export function parseDuration(input: unknown): Parsed {
  // A YAML `0` arrives as a number; Go accepts "0" but any other bare number lacks a unit.
  const s = typeof input === 'number' ? String(input) : input
  if (typeof s !== 'string' || s.trim() === '') return { ok: false, reason: 'expected a duration such as "10s"' }
  let rest = s.trim()
  let sign = 1n
  if (rest[0] === '-' || rest[0] === '+') {
    if (rest[0] === '-') sign = -1n
    rest = rest.slice(1)
  }
  if (rest === '0') return { ok: true, value: 0 }
  if (rest === '') return { ok: false, reason: 'invalid duration' }
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/
  let total = 0n
  while (rest.length > 0) {
    const m = part.exec(rest)
    if (m === null) {
      return {
        ok: false,
        reason: /^[\d.]+$/.test(rest) ? 'missing unit in duration' : 'invalid duration (units: ns, us, ms, s, m, h)'
      }
    }
    const [all, int = '', frac = '', unit = ''] = m
    if (int === '' && frac === '') return { ok: false, reason: 'invalid duration' }
    const mult = NS[unit] ?? 0n
    total += BigInt(int === '' ? '0' : int) * mult
    // Fractions truncate toward zero, as Go's integer arithmetic does for these units.
    if (frac !== '') total += (BigInt(frac) * mult) / 10n ** BigInt(frac.length)
    if (total > INT64_MAX) return { ok: false, reason: 'duration overflows int64' }
    rest = rest.slice(all.length)
  }
  return { ok: true, value: Number(sign * total) }
}

const SIZE: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50
}

/**
 * Byte size: `10MB` → 10^7, `32MiB` → 32·2^20, `1024`/`1024B` → 1024. Units are case-insensitive
 * (tau's console writes `GB`, hand-written configs often `Mb`); a YAML number is taken as bytes.
 */
export function parseSize(input: unknown): Parsed {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input >= 0
      ? { ok: true, value: input }
      : { ok: false, reason: 'size must be a whole number of bytes' }
  }
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: 'expected a size such as "10MB"' }
  const m = /^(\d+)(?:\.(\d+))?\s*([a-zA-Z]*)$/.exec(input.trim())
  if (m === null) return { ok: false, reason: 'invalid size (e.g. 512KB, 10MB, 32MiB, 1GB)' }
  const [, int = '0', frac, unitRaw = ''] = m
  const mult = SIZE[unitRaw.toLowerCase()]
  if (mult === undefined)
    return { ok: false, reason: `unknown size unit "${unitRaw}" (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)` }
  const value = frac === undefined ? Number(BigInt(int) * BigInt(mult)) : Math.floor(Number(`${int}.${frac}`) * mult)
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'size too large' }
  return { ok: true, value }
}
