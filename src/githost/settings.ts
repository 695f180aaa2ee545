import { withDefaults } from '../shared/settings.js'

/** The git host's tunables, given in GitHostOptions; each one left out takes its value from DEFAULTS. */
export interface GitHostSettings {
  /** How long one webhook delivery may take. */
  hookTimeoutMs: number
  /** How long a push's answer waits for the webhook receivers to say which jobs they queued. */
  answerWaitMs: number
  /** Deliveries remembered per repository (`hooks/:id/deliveries`); older ones are dropped. */
  deliveriesKept: number
}

const DEFAULTS: GitHostSettings = { hookTimeoutMs: 10_000, answerWaitMs: 10_000, deliveriesKept: 200 }

/** The settings among `o` (GitHostOptions holds other things too). */
export function gitHostSettings(o: Partial<GitHostSettings> = {}): GitHostSettings {
  const { hookTimeoutMs, answerWaitMs, deliveriesKept } = o
  return withDefaults(DEFAULTS, { hookTimeoutMs, answerWaitMs, deliveriesKept })
}
