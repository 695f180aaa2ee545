import type { ServiceFactory, ServiceName } from '../services/types.js'
import { auth } from '../services/auth/index.js'
import { patrick } from '../services/patrick/index.js'
import { monkey } from '../services/monkey/index.js'
import { tns } from '../services/tns/index.js'
import { hoarder } from '../services/hoarder/index.js'
import { substrate } from '../services/substrate/index.js'
import { seer } from '../services/seer/index.js'
import { gateway } from '../services/gateway/index.js'

/** The literal service registry: no import side effects, no runtime registration. */
export const SERVICE_FACTORIES: Readonly<Record<ServiceName, ServiceFactory>> = {
  auth: auth(),
  patrick: patrick(),
  monkey: monkey(),
  tns: tns(),
  hoarder: hoarder(),
  substrate: substrate(),
  seer: seer(),
  gateway: gateway()
}
