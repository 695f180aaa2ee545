import { withDefaults } from '../shared/settings.js'

/** The control API's tunables (`startApi`'s and the daemon's `api` option); each left out takes DEFAULTS'. */
export interface ApiSettings {
  /** How often a job's follower asks patrick and the monkeys for news (p2p calls on this machine: cheap). */
  jobPollMs: number
  /** How often the function-log stream asks the substrates for new lines. */
  functionLogPollMs: number
}

const DEFAULTS: ApiSettings = { jobPollMs: 200, functionLogPollMs: 300 }

export function apiSettings(init: Partial<ApiSettings> = {}): ApiSettings {
  return withDefaults(DEFAULTS, init)
}
