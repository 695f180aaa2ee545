import { MAX_COPIES, MAX_NAME_LENGTH } from '../shared/names.js'

/** JSON schemas of the control API's bodies: fastify refuses anything else with a 400 naming the field. */

/** `config.copies must be <= 16`: the field as the caller wrote it, and what it must be. */
export function schemaErrors(
  errors: ReadonlyArray<{ instancePath: string; message?: string }>,
  dataVar: string
): string {
  const field = (path: string): string => (path === '' ? dataVar : path.slice(1).replaceAll('/', '.'))
  return errors.map(e => `${field(e.instancePath)} ${e.message ?? 'is not valid'}`).join('; ')
}

const names = { type: 'array', maxItems: 32, items: { type: 'string', maxLength: MAX_NAME_LENGTH } } as const
const port = { type: 'integer', minimum: 1, maximum: 65535 } as const

export const universeBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enable: names,
        disable: names,
        simples: names,
        bind: { type: 'array', maxItems: 64, items: { type: 'string', maxLength: 200 } },
        webhooks: { type: 'boolean' },
        keep: { type: 'boolean' }
      }
    }
  }
} as const

export const serviceBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    config: {
      type: 'object',
      additionalProperties: false,
      properties: { copies: { type: 'integer', minimum: 1, maximum: MAX_COPIES }, http: port, p2p: port, dns: port }
    }
  }
} as const

export const simpleBody = {
  type: 'object',
  additionalProperties: false,
  properties: { config: { type: 'object', additionalProperties: false, properties: { http: port, p2p: port } } }
} as const

export const fixtureBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Values are strings; fastify's validator turns numbers and booleans into strings.
    params: { type: 'object', maxProperties: 32, additionalProperties: { type: 'string', maxLength: 1000 } }
  }
} as const
