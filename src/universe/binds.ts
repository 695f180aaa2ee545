import { InvalidInputError } from '../shared/errors.js'
import { checkCopies } from '../shared/names.js'

/** The keys a `--bind service@port/<key>` may set. `copies` uses the number as a count. */
export const BIND_KEYS = ['p2p', 'http', 'dns', 'copies'] as const
type BindKey = (typeof BIND_KEYS)[number]
export type Binds = Record<string, Partial<Record<BindKey, number>>>

/**
 * Parses `--bind` items (`tns@4040/http`, `seer@8099/dns`, `auth@3/copies`; no key means p2p) into a map per
 * service. A port used twice, a bad key or a service that is not enabled is an error naming the item.
 */
export function parseBinds(items: readonly string[], enabled: readonly string[]): Binds {
  const binds: Binds = {}
  const seen = new Map<number, string>()
  for (const raw of items
    .flatMap(i => i.split(','))
    .map(i => i.trim())
    .filter(i => i !== '')) {
    const m = /^([a-z]+)@(\d+)(?:\/([a-z0-9]+))?$/.exec(raw)
    if (m === null)
      throw new InvalidInputError('BIND_INVALID', `bind "${raw}" is not service@port[/key]; for example tns@4040/http`)
    const [, service = '', num = '', key = 'p2p'] = m
    if (!(BIND_KEYS as readonly string[]).includes(key)) {
      throw new InvalidInputError('BIND_INVALID', `bind "${raw}": "${key}" is not one of ${BIND_KEYS.join(', ')}`)
    }
    if (!enabled.includes(service)) {
      throw new InvalidInputError(
        'BIND_DISABLED',
        `could not bind "${raw}": service ${service} is not enabled (enabled: ${enabled.join(', ')})`
      )
    }
    const value = Number(num)
    if (key !== 'copies') {
      if (value < 1 || value > 65535)
        throw new InvalidInputError('BIND_INVALID', `bind "${raw}": ${value} is not a port number`)
      const other = seen.get(value)
      if (other !== undefined)
        throw new InvalidInputError('BIND_DUPLICATE', `port ${value} is bound twice: ${other} and ${raw}`)
      seen.set(value, raw)
    } else {
      checkCopies(value, `bind "${raw}": copies`, 'BIND_INVALID')
    }
    binds[service] = { ...binds[service], [key]: value }
  }
  return binds
}
