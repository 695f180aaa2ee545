import { withDefaults } from '../../shared/settings.js'

/** What `patrick(init)` takes; each field left out takes its value from DEFAULTS. */
export interface PatrickInit {
  /** How often patrick re-checks assignments (tau's re-announce loop runs every 5 s in dev). */
  reannounceMs?: number
  /** Attempts a job gets before it is failed for good (a failed attempt that may retry is queued again). */
  maxAttempts?: number
}

export type PatrickSettings = Required<PatrickInit>

const DEFAULTS: PatrickSettings = { reannounceMs: 2_000, maxAttempts: 2 }

export function patrickSettings(init: PatrickInit = {}): PatrickSettings {
  return withDefaults(DEFAULTS, init)
}
