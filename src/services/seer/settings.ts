import { withDefaults } from '../../shared/settings.js'

/** What `seer(init)` takes; each field left out takes its value from DEFAULTS. */
export interface SeerInit {
  /** How long a positive "registered domain" answer is reused before TNS is asked again. */
  registeredTtlMs?: number
}

export type SeerSettings = Required<SeerInit>

const DEFAULTS: SeerSettings = { registeredTtlMs: 5_000 }

export function seerSettings(init: SeerInit = {}): SeerSettings {
  return withDefaults(DEFAULTS, init)
}
