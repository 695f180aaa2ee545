/**
 * The fqdn the console gives a new `GeneratedDomain`: `<last 8 of the project id, lower-case><n>.<universe fqdn>`,
 * n the first number no domain of the project uses yet. Pure, so the CLI and the web console share it.
 */
export function generatedFqdn(projectId: string, universeFqdn: string, taken: ReadonlySet<string>): string {
  const prefix = projectId.slice(-8).toLowerCase()
  for (let n = 0; ; n++) {
    const candidate = `${prefix}${n}.${universeFqdn}`
    if (!taken.has(candidate)) return candidate
  }
}
