import { withDefaults } from '../../shared/settings.js'

/** What `hoarder(init)` takes; each field left out takes its value from HOARDER_DEFAULTS. */
export interface HoarderInit {
  /** A database log is rewritten, when opened, if it holds this many lines more than its instance has keys. */
  compactSlack?: number
}

export type HoarderSettings = Required<HoarderInit>

/** The defaults; a database store built on its own (in a unit test) takes its fields from here too. */
export const HOARDER_DEFAULTS: HoarderSettings = { compactSlack: 10_000 }

export function hoarderSettings(init: HoarderInit = {}): HoarderSettings {
  return withDefaults(HOARDER_DEFAULTS, init)
}
