/**
 * Where webhooks may go. A hook URL is chosen by whoever can create a hook, and the git host posts to it from
 * this machine: left open, a push could reach the control API or any other local port. A universe's git host
 * therefore delivers only to named hosts (its own patrick), checked when a hook is created and again when it fires.
 */

/** Why a hook URL is refused, or undefined when it may be used. */
export type HookTargetPolicy = (url: URL) => string | undefined

/** Only URLs whose host name is one of `hosts` (any path, http or https, default port). */
export function onlyHosts(hosts: readonly string[]): HookTargetPolicy {
  const allowed = new Set(hosts.map(h => h.toLowerCase()))
  return url =>
    allowed.has(url.hostname.toLowerCase()) && url.port === '' && url.username === '' && url.password === ''
      ? undefined
      : `webhooks may only go to ${[...allowed].map(h => `http://${h}/...`).join(' or ')}, not ${url.origin}`
}
