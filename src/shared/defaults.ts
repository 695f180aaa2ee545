/** The control API's default port (the real dream's), kept apart so the CLI can read it without loading the daemon. */
export const DEFAULT_API_PORT = 1421

/** The universe `dream new multiverse` starts, and the one commands act on when none is named. */
export const DEFAULT_UNIVERSE = 'blackhole'
