/**
 * Settings: the tunables (intervals, bounds, sizes, concurrency) a part takes in its init object instead of
 * reading module constants, so a test or a programmatic caller can set them (docs/ARCHITECTURE.md, "Settings").
 */
import { InvalidInputError } from './errors.js'

/**
 * `defaults` with each field `init` sets; a field given as `undefined` keeps its default. Every setting is a
 * count, a size or a time, so a value that is not a positive number is refused, naming the field.
 */
export function withDefaults<T extends object>(defaults: T, init: Partial<T> = {}): T {
  const out: T = { ...defaults }
  for (const key of Object.keys(init) as (keyof T & string)[]) {
    const v: unknown = init[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new InvalidInputError('INVALID_INPUT', `setting ${key} is ${String(v)}; give a positive number`)
    out[key] = v as T[keyof T & string]
  }
  return out
}
