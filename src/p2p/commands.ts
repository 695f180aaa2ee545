import type { PeerId } from '@libp2p/interface'
import { Ajv, type SchemaObject } from 'ajv'
import { type CodeWithStatus, InvalidInputError } from '../shared/errors.js'

/**
 * The declared shape of one command's body: a JSON schema (checked by ajv, as fastify checks its routes), the
 * code a body that does not fit is refused with, and, for the compiler only, the type the schema describes.
 */
export interface BodyShape<T> {
  readonly schema: SchemaObject
  readonly code: CodeWithStatus<400>
  readonly body?: T
}

/** A command's body shape; `T` is the body type its handler gets once the schema has accepted the body. */
export function bodyShape<T>(schema: SchemaObject, code: CodeWithStatus<400> = 'BAD_COMMAND_BODY'): BodyShape<T> {
  return { schema, code }
}

/** An object with the `properties` given, `required` among them; other properties are allowed. */
export function objectShape(properties: Record<string, SchemaObject>, required: string[] = []): SchemaObject {
  return { type: 'object', properties, required }
}

type BodyShapes = Record<string, BodyShape<unknown>>
type Handler<T> = (body: T, ctx: { from: PeerId }) => Promise<unknown> | unknown
type HandlersOf<S extends BodyShapes> = { [K in keyof S]: Handler<S[K] extends BodyShape<infer T> ? T : never> }

/** A protocol's commands: the body shape of each and its handler. */
export interface Commands {
  readonly shapes: BodyShapes
  readonly handlers: Record<string, Handler<never>>
}

/**
 * A protocol's commands, from the body shapes its protocol.ts declares and one handler for each (the compiler
 * refuses a handler without a shape and a shape without a handler); each handler gets its shape's type.
 */
export function commands<S extends BodyShapes>(shapes: S, handlers: HandlersOf<S>): Commands {
  return { shapes, handlers: handlers as Record<string, Handler<never>> }
}

/** Checks a received body against its command's shape; throws the shape's code, naming what does not fit. */
export type BodyCheck = (cmd: string, body: unknown) => void

/** The checks of `shapes`, compiled once (when the protocol is served). */
export function bodyChecks(protocol: string, shapes: BodyShapes): BodyCheck {
  const ajv = new Ajv({ allErrors: false, allowUnionTypes: true })
  const checks = new Map(Object.entries(shapes).map(([cmd, s]) => [cmd, { code: s.code, fits: ajv.compile(s.schema) }]))
  return (cmd, body) => {
    const check = checks.get(cmd)
    if (check === undefined) throw new InvalidInputError('UNKNOWN_COMMAND', `${protocol}: no body shape for "${cmd}"`)
    if (!check.fits(body))
      throw new InvalidInputError(
        check.code,
        `${protocol} ${cmd}: ${ajv.errorsText(check.fits.errors, { dataVar: 'body' })}; nothing was done`
      )
  }
}
