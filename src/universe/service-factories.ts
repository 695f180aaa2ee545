import type { ServiceFactory, ServiceName } from '../services/types.js'
import { auth } from '../services/auth/index.js'
import { patrick, type PatrickInit } from '../services/patrick/index.js'
import { monkey, type MonkeyInit } from '../services/monkey/index.js'
import { tns, type TnsInit } from '../services/tns/index.js'
import { hoarder, type HoarderInit } from '../services/hoarder/index.js'
import { substrate, type SubstrateInit } from '../services/substrate/index.js'
import { seer, type SeerInit } from '../services/seer/index.js'
import { gateway } from '../services/gateway/index.js'
import type { GitHostSettings } from '../githost/settings.js'

export type { GitHostSettings, HoarderInit, MonkeyInit, PatrickInit, SeerInit, SubstrateInit, TnsInit }

/**
 * Per-service settings of a universe: each service's init object, every field optional (the defaults are in the
 * service's settings.ts), and the git host's. A test sets the few it needs, e.g. `{ monkey: { pollMs: 100 } }`.
 */
export interface ServiceSettings {
  githost?: Partial<GitHostSettings>
  patrick?: PatrickInit
  monkey?: MonkeyInit
  tns?: TnsInit
  hoarder?: HoarderInit
  substrate?: SubstrateInit
  seer?: SeerInit
}

/** The literal service registry, with `settings` given to each factory: no import side effects. */
export function serviceFactories(settings: ServiceSettings = {}): Readonly<Record<ServiceName, ServiceFactory>> {
  return {
    auth: auth(),
    patrick: patrick(settings.patrick),
    monkey: monkey(settings.monkey),
    tns: tns(settings.tns),
    hoarder: hoarder(settings.hoarder),
    substrate: substrate(settings.substrate),
    seer: seer(settings.seer),
    gateway: gateway()
  }
}
