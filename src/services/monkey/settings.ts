import { withDefaults } from '../../shared/settings.js'

/** What `monkey(init)` takes; each field left out takes its value from DEFAULTS. */
export interface MonkeyInit {
  /** Jobs one monkey runs at once, and local builds at once (a config and a code job of one push side by side). */
  concurrency?: number
  /** Longest a website's build workflow may run, all steps together, before it is killed. */
  workflowTimeoutMs?: number
  /** Fallback poll for jobs, in case a wake-up from patrick was missed (tau's dev ticker is 2 s). */
  pollMs?: number
  /** How long the AssemblyScript compiler process stays after its last build; default: the builder's (15 s). */
  compilerIdleMs?: number
  /** Go builds at once; default: one per core, as many as free memory holds (src/builder/go-parallelism.ts). */
  goParallel?: number
  /** Bounds of a website's files: bytes together, and files (website-build.ts WEBSITE_LIMITS when not given). */
  website?: { maxBytes?: number; maxFiles?: number }
}

/** These stay optional: their defaults are the builder's (src/builder/) and website-build.ts's. */
type BuilderKnobs = 'compilerIdleMs' | 'goParallel' | 'website'

export type MonkeySettings = Required<Omit<MonkeyInit, BuilderKnobs>> & Pick<MonkeyInit, BuilderKnobs>

const DEFAULTS: MonkeySettings = {
  concurrency: 2,
  pollMs: 2_000,
  workflowTimeoutMs: 5 * 60_000
}

export function monkeySettings(init: MonkeyInit = {}): MonkeySettings {
  const { website, ...knobs } = init
  return { ...withDefaults(DEFAULTS, knobs), ...(website !== undefined ? { website: withDefaults({}, website) } : {}) }
}
