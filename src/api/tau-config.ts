import { InvalidInputError } from '../shared/errors.js'
import { parseBinds } from '../universe/binds.js'
import type { UniverseConfigInput } from '../universe/config.js'

/**
 * The config shapes Taubyte's own Go client sends (its structs have no JSON tags: PascalCase fields), turned into
 * this dream's. Ports and copies become `--bind` items, so they get the same checks (duplicates, ranges).
 */
interface TauCommonConfig {
  Disabled?: boolean
  Port?: number
  Root?: string
}
export interface TauServiceConfig extends TauCommonConfig {
  Cluster?: string
  Others?: Record<string, number> | null
  PublicKey?: string | null
  PrivateKey?: string | null
  SwarmKey?: string | null
  Hosts?: Record<string, string> | null
}
export interface TauSimpleConfig extends TauCommonConfig {
  Clients?: Record<string, TauCommonConfig | null> | null
}
export interface TauConfig {
  Services?: Record<string, TauServiceConfig | null> | null
  Simples?: Record<string, TauSimpleConfig | null> | null
}

/**
 * `Others` keys this dream honours. Accepted and ignored: `verbose` (`--verbose` logs everything), `ipfs` (the
 * port of a node's IPFS listener: the nodes here have none, hoarder's blobs travel over their p2p port), and
 * `secure` when 0 (Taubyte's client sends it; the nodes here serve plain HTTP only).
 */
const OTHERS = ['http', 'p2p', 'dns', 'main', 'copies', 'verbose', 'ipfs', 'secure']
const IGNORED = new Set(['verbose', 'ipfs', 'secure'])

/** Taubyte's Go structs have PascalCase fields; this dream's wire shapes lower-case ones. */
export function tauKeys(config: object): string[] {
  return Object.keys(config).filter(k => /^[A-Z]/.test(k))
}

/** A config in both shapes is refused: which of the two fields to honour would be a guess. */
export function refuseMixed(config: object): void {
  const tau = tauKeys(config)
  const ours = Object.keys(config).filter(k => !/^[A-Z]/.test(k))
  if (tau.length > 0 && ours.length > 0)
    throw new InvalidInputError(
      'INVALID_INPUT',
      `config mixes Taubyte's fields (${tau.join(', ')}) with this dream's (${ours.join(', ')}); send one shape`
    )
}

/** Taubyte's universe config is recognised by its `Services` or `Simples` key (null counts: `dream.Config{}`). */
export function isTauConfig(c: object): c is TauConfig {
  return 'Services' in c || 'Simples' in c
}

/** Only the listed services and simples start, each with its ports and copies. */
export function fromTauConfig(c: TauConfig): UniverseConfigInput {
  const enable: string[] = []
  const bind: string[] = []
  for (const [name, s] of Object.entries(c.Services ?? {})) {
    if (s?.Disabled === true) continue
    enable.push(name)
    bind.push(...tauBinds(name, s ?? {}, `config.Services.${name}`))
  }
  const simples: string[] = []
  for (const [name, s] of Object.entries(c.Simples ?? {})) {
    if (s?.Disabled === true) continue
    refuseChosenByDream(s ?? {}, `config.Simples.${name}`)
    if ((s?.Port ?? 0) !== 0)
      throw new InvalidInputError(
        'INVALID_INPUT',
        `config.Simples.${name}.Port: a universe config cannot pin a simple's port here; ` +
          `start it without, or add it with POST /simple/<universe>/${name} and config.Port`
      )
    simples.push(name.toLowerCase())
  }
  return { empty: true, enable: enable.map(e => e.toLowerCase()), simples, bind }
}

/** `POST /service` with Taubyte's `ServiceConfig`: its copies and pinned ports. */
export function tauServiceNodes(
  service: string,
  s: TauServiceConfig
): { copies?: number; binds: Record<string, number> } {
  if (s.Disabled === true)
    throw new InvalidInputError('INVALID_INPUT', 'config.Disabled is true: there is nothing to start')
  const { copies, ...binds } = parseBinds(tauBinds(service, s, 'config'), [service])[service] ?? {}
  return { ...(copies !== undefined ? { copies } : {}), binds }
}

/** `POST /simple` with Taubyte's `SimpleConfig`: its p2p port (its `Clients` are all there is: every service). */
export function tauSimpleBinds(s: TauSimpleConfig): Record<string, number> {
  refuseChosenByDream(s, 'config')
  return (s.Port ?? 0) > 0 ? { p2p: s.Port ?? 0 } : {}
}

function tauBinds(service: string, s: TauServiceConfig, where: string): string[] {
  refuseChosenByDream(s, where)
  for (const key of ['PublicKey', 'PrivateKey', 'SwarmKey'] as const) {
    if ((s[key] ?? '') !== '')
      throw new InvalidInputError(
        'INVALID_INPUT',
        `${where}.${key}: dream derives every node's keys from the universe; leave it out`
      )
  }
  if ((s.Cluster ?? '') !== '' && s.Cluster !== 'main')
    throw new InvalidInputError('INVALID_INPUT', `${where}.Cluster: this dream runs one cluster, main`)
  if (Object.keys(s.Hosts ?? {}).length > 0)
    throw new InvalidInputError(
      'INVALID_INPUT',
      `${where}.Hosts: bind custom domains with a domain resource in the project instead`
    )
  const out: string[] = []
  const others = s.Others ?? {}
  if ((s.Port ?? 0) > 0) out.push(`${service}@${s.Port}/p2p`)
  for (const [key, value] of Object.entries(others)) {
    if (!OTHERS.includes(key))
      throw new InvalidInputError(
        'BIND_INVALID',
        `${where}.Others.${key} is not supported here; supported: ${OTHERS.join(', ')}` +
          (key === 'https' ? ' (the nodes of this dream serve plain HTTP on 127.0.0.1)' : '')
      )
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new InvalidInputError('BIND_INVALID', `${where}.Others.${key} must be a whole number, not ${String(value)}`)
    if (key === 'secure' && value !== 0)
      throw new InvalidInputError(
        'BIND_INVALID',
        `${where}.Others.secure is ${value}: the nodes of this dream serve plain HTTP on 127.0.0.1 only; send 0`
      )
    if (IGNORED.has(key) || value <= 0) continue
    if (key === 'main') {
      if ((s.Port ?? 0) === 0) out.push(`${service}@${value}/p2p`)
    } else out.push(`${service}@${value}/${key}`)
  }
  return out
}

function refuseChosenByDream(s: TauCommonConfig, where: string): void {
  if ((s.Root ?? '') !== '')
    throw new InvalidInputError('INVALID_INPUT', `${where}.Root: dream chooses each node's state folder; leave it out`)
}
