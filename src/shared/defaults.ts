/** The control API's default port (the real dream's), kept apart so the CLI can read it without loading the daemon. */
export const DEFAULT_API_PORT = 1421
