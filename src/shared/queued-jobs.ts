/**
 * The job ids a push's `remote: dream: <kind> job <id> queued ...` lines name (the git host writes them,
 * src/githost/sideband.ts; `dream dev` and the local push fixtures read them).
 */
export function queuedJobs(pushOutput: string): string[] {
  return [...pushOutput.matchAll(/^remote: dream: \S+ job (Qm\w+) queued/gm)].map(m => m[1] as string)
}
