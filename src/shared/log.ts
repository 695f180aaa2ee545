/**
 * A tiny scoped logger. Output goes to stderr (or an injected writer) so that stdout stays clean for --json.
 * Level from DREAM_LOG (debug|info|warn|error|silent) unless given.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent'
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export interface Logger {
  debug(msg: string, fields?: object): void
  info(msg: string, fields?: object): void
  warn(msg: string, fields?: object): void
  error(msg: string | Error, fields?: object): void
  child(scope: string): Logger
}

export interface LoggerOptions {
  level?: Level
  scope?: string
  write?: (line: string) => void
}

export function createLogger(o: LoggerOptions = {}): Logger {
  const envLevel = process.env.DREAM_LOG as Level | undefined
  const level = o.level ?? (envLevel !== undefined && envLevel in ORDER ? envLevel : 'info')
  const write =
    o.write ??
    ((line: string) => {
      process.stderr.write(`${line}\n`)
    })
  const make = (scope: string | undefined): Logger => {
    const emit = (l: Level, msg: string | Error, fields?: object): void => {
      if (ORDER[l] < ORDER[level]) return
      const text = msg instanceof Error ? msg.message : msg
      const extra = fields !== undefined && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ''
      write(`[${l.toUpperCase()}]${scope !== undefined ? ` ${scope}:` : ''} ${text}${extra}`)
    }
    return {
      debug: (m, f) => {
        emit('debug', m, f)
      },
      info: (m, f) => {
        emit('info', m, f)
      },
      warn: (m, f) => {
        emit('warn', m, f)
      },
      error: (m, f) => {
        emit('error', m, f)
      },
      child: s => make(scope !== undefined ? `${scope}/${s}` : s)
    }
  }
  return make(o.scope)
}

/** A logger that drops everything (tests). */
export const silent: Logger = createLogger({ level: 'silent' })
