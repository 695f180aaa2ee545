import { deterministicId } from '../../../shared/ids.js'

/** The hash that names a scope's channels: of project id + application id (empty outside an application). */
export function scopeHash(project: string, application = ''): string {
  return deterministicId(project + application)
}

/** The gossipsub topic of a channel: `<scope hash>/<channel>`, as tau names it. */
export function topicOf(hash: string, channel: string): string {
  return `${hash}/${channel}`
}

/** The path of a channel's websocket on a substrate's HTTP port, as the SDK gives it: `/ws-<hash>/<channel>`. */
export function socketPath(hash: string, channel: string): string {
  return `/ws-${hash}/${channel}`
}

/** `/ws-<hash>/<channel>` → its parts; undefined for any other path. */
export function parseSocketPath(path: string): { hash: string; channel: string } | undefined {
  const m = /^\/ws-([1-9A-HJ-NP-Za-km-z]+)\/(.+)$/.exec(path)
  if (m === null) return undefined
  let channel: string
  try {
    channel = decodeURIComponent(m[2] as string)
  } catch {
    return undefined
  }
  return { hash: m[1] as string, channel }
}
