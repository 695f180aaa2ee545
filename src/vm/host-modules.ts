/**
 * Every host module a guest may import (host-module.ts says what each declares). A new host API is a new
 * `host-<name>.ts` here and one line in HOST_MODULES; the substrate then needs one part that answers its calls
 * (src/services/substrate/host/function-host.ts), which the compiler asks for. Order matters only for a name that
 * several modules answer together (`getEventType`): a later module hands the ids it does not know to the earlier.
 */
import { contentModule } from './host-storage-content.js'
import { cryptoModule } from './host-crypto.js'
import { databaseModule } from './host-database.js'
import { dnsModule } from './host-dns.js'
import { envModule } from './host-env.js'
import { globalsModule } from './host-globals.js'
import { httpClientModule } from './host-http-client.js'
import { httpEventModule } from './host-sdk.js'
import { i2mvModule } from './host-i2mv.js'
import type { CallOf } from './host-module.js'
import type { HostReply } from './host-calls.js'
import { p2pEventModule, p2pModule } from './p2p-sdk.js'
import { pubsubModule } from './pubsub-sdk.js'
import { selfModule } from './host-self.js'
import { storageModule } from './host-storage.js'

export const HOST_MODULES = [
  httpEventModule,
  cryptoModule,
  i2mvModule,
  databaseModule,
  storageModule,
  contentModule,
  httpClientModule,
  selfModule,
  globalsModule,
  dnsModule,
  pubsubModule,
  p2pModule,
  p2pEventModule,
  envModule
] as const

type AnyHostModule = (typeof HOST_MODULES)[number]

/** Every call a guest's host function may ask of the node. */
export type HostCall = CallOf<AnyHostModule>

/** The modules that ask the node, by name, with their calls: what the substrate must answer. */
export type NodeHostModules = {
  [M in AnyHostModule as [CallOf<M>] extends [never] ? never : M['name']]: CallOf<M>
}

/** Answers a call's host calls; one per invocation, bound to the function's project and application. */
export type HostCalls = (c: HostCall) => Promise<HostReply>

/** The module whose functions send each op (only modules that ask the node declare any). */
export const HOST_OP_MODULE: ReadonlyMap<string, keyof NodeHostModules> = (() => {
  const owners = new Map<string, keyof NodeHostModules>()
  for (const m of HOST_MODULES)
    for (const op of Object.keys(m.calls)) {
      if (owners.has(op)) throw new Error(`host op ${op} is declared by ${owners.get(op)} and ${m.name}`)
      owners.set(op, m.name as keyof NodeHostModules)
    }
  return owners
})()

/** The modules that answer `module`.`name` (several for `getEventType`; none for a name dream does not know). */
export function providersOf(module: string, name: string): AnyHostModule[] {
  return HOST_MODULES.filter(m => m.module === module && m.imports.includes(name))
}
