import type { Universe } from '../universe/universe.js'

/**
 * Where things are, printed after "Universe <name> started!": the control API and, when the API serves a page at
 * `/`, the web console (same origin); each universe's git host, substrate HTTP ports and seer DNS port, its state
 * folder; and how to stop.
 */
export function bannerLines(apiPort: number, universes: readonly Universe[], o: { console: boolean }): string[] {
  const api = `http://127.0.0.1:${apiPort}`
  const out = [`  control API   ${api}`, ...(o.console ? [`  web console   ${api}/`] : [])]
  for (const u of universes) {
    const nodes = u.directory.all()
    const ports = (role: string, kind: string): string =>
      nodes
        .filter(n => n.role === role && n.ports[kind] !== undefined)
        .map(n => String(n.ports[kind]))
        .join(', ') || '-'
    out.push(`  ${u.name}:`)
    out.push(`    git host    ${u.git.url}`)
    out.push(
      `    substrate   http ${ports('substrate', 'http')} (curl -H "Host: <fqdn>" http://127.0.0.1:<port>/<path>)`
    )
    out.push(`    seer        dns ${ports('seer', 'dns')}`)
    out.push(`    state       ${u.root}`)
  }
  out.push('  stop with Ctrl-C or `dream stop`')
  return out
}
