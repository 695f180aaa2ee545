import { withDefaults } from '../../shared/settings.js'
import { WATCH_HOLD_MS } from './protocol.js'

/** What `tns(init)` takes; each field left out takes its value from DEFAULTS. */
export interface TnsInit {
  /**
   * How long a `watch` is held open when nothing changes. At most WATCH_HOLD_MS: clients wait twice that long
   * for the answer, so a longer hold would read to them as a lost peer.
   */
  watchHoldMs?: number
}

export type TnsSettings = Required<TnsInit>

const DEFAULTS: TnsSettings = { watchHoldMs: WATCH_HOLD_MS }

export function tnsSettings(init: TnsInit = {}): TnsSettings {
  const s = withDefaults(DEFAULTS, init)
  return { watchHoldMs: Math.min(s.watchHoldMs, WATCH_HOLD_MS) }
}
