/** The per-universe git host (GitHub stand-in): REST API, smart-HTTP git, push webhooks. */
export { GitHost } from './host.js'
export { signatures } from './webhooks.js'
