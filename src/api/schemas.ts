import { MAX_COPIES, MAX_NAME_LENGTH } from '../shared/names.js'

/** JSON schemas of the control API's bodies: fastify refuses anything else with a 400 naming the field. */

/** `config.copies must be <= 16`: the field as the caller wrote it, and what it must be. */
export function schemaErrors(
  errors: ReadonlyArray<{ instancePath: string; message?: string; params?: Record<string, unknown> }>,
  dataVar: string
): string {
  const field = (path: string): string => (path === '' ? dataVar : path.slice(1).replaceAll('/', '.'))
  return errors
    .map(e => {
      const extra = e.params?.additionalProperty
      if (typeof extra === 'string') return `${field(`${e.instancePath}/${extra}`)} is not a field this API knows`
      return `${field(e.instancePath)} ${e.message ?? 'is not valid'}`
    })
    .join('; ')
}

const names = { type: 'array', maxItems: 32, items: { type: 'string', maxLength: MAX_NAME_LENGTH } } as const
const port = { type: 'integer', minimum: 1, maximum: 65535 } as const

/** Fields of Taubyte's Go config structs (PascalCase: they have no JSON tags), as its client sends them. */
const tauCommon = {
  Disabled: { type: 'boolean' },
  Port: { type: 'integer', minimum: 0, maximum: 65535 },
  Root: { type: 'string', maxLength: 4096 }
} as const
const keyBytes = { type: 'string', nullable: true, maxLength: 16384 } as const
const tauService = {
  ...tauCommon,
  Ctx: {},
  Cluster: { type: 'string', maxLength: MAX_NAME_LENGTH },
  Others: { type: 'object', nullable: true, maxProperties: 16, additionalProperties: { type: 'integer', minimum: 0 } },
  PublicKey: keyBytes,
  PrivateKey: keyBytes,
  SwarmKey: keyBytes,
  Databases: {},
  Location: { type: 'object', nullable: true },
  Hosts: { type: 'object', nullable: true, maxProperties: 64, additionalProperties: { type: 'string', maxLength: 253 } }
} as const
const tauSimple = {
  ...tauCommon,
  Clients: {
    type: 'object',
    nullable: true,
    maxProperties: 16,
    additionalProperties: { type: 'object', nullable: true, additionalProperties: false, properties: tauCommon }
  }
} as const
const byName = (properties: object) =>
  ({
    type: 'object',
    nullable: true,
    maxProperties: 32,
    propertyNames: { maxLength: MAX_NAME_LENGTH },
    additionalProperties: { type: 'object', nullable: true, additionalProperties: false, properties }
  }) as const
/** Taubyte's client sends `"params": []` with every injection; only fixtures read it. */
const unusedParams = { type: 'array', maxItems: 0 } as const

export const universeBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    config: {
      // null: what Taubyte's client sends for a nil *dream.Config; the defaults.
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: {
        enable: names,
        disable: names,
        simples: names,
        bind: { type: 'array', maxItems: 64, items: { type: 'string', maxLength: 200 } },
        webhooks: { type: 'boolean' },
        keep: { type: 'boolean' },
        empty: { type: 'boolean' },
        branch: { type: 'string', maxLength: 200 },
        Services: byName(tauService),
        Simples: byName(tauSimple)
      }
    }
  }
} as const

export const serviceBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    params: unusedParams,
    config: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: {
        copies: { type: 'integer', minimum: 1, maximum: MAX_COPIES },
        http: port,
        p2p: port,
        dns: port,
        ...tauService
      }
    }
  }
} as const

export const simpleBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    params: unusedParams,
    config: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      properties: { http: port, p2p: port, ...tauSimple }
    }
  }
} as const

export const fixtureBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    params: {
      anyOf: [
        // This dream's CLI: name → value. Values are strings; the validator turns numbers and booleans into strings.
        { type: 'object', maxProperties: 32, additionalProperties: { type: 'string', maxLength: 1000 } },
        // Taubyte's client: values in the order of the fixture's variables.
        {
          type: 'array',
          maxItems: 32,
          // Strings, numbers, booleans or null: checked by fixtureParams, which names the one that is not.
          items: {}
        }
      ]
    }
  }
} as const
