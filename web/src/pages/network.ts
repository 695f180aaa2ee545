import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import { type Chart, getJson, poll } from '../api.js'
import { type Ctx, errorText } from '../context.js'

const POLL_MS = 1000

/** The universe's nodes (service, peer id, ports) and who is connected to whom, refreshed every second. */
export function Network({ ctx }: { ctx: Ctx }) {
  const [chart, setChart] = useState<Chart>({ nodes: [], links: [] })
  const [error, setError] = useState('')
  useEffect(() => {
    const stop = new AbortController()
    poll(
      POLL_MS,
      stop.signal,
      async () => {
        setChart(await getJson<Chart>(`/les/miserables/${encodeURIComponent(ctx.universe)}`))
        setError('')
      },
      e => setError(errorText(e))
    )
    return () => stop.abort()
  }, [ctx.universe])
  const links = (id: string): number => chart.links.filter(l => l.source === id || l.target === id).length
  return html`
    <h1>Network</h1>
    <p>Universe <strong>${ctx.universe}</strong>${ctx.session ? html` · fqdn <code>${ctx.session.fqdn}</code>` : null}
      · ${chart.nodes.length} nodes, ${chart.links.length} links</p>
    ${error === '' ? null : html`<p role="alert" class="error">${error}</p>`}
    <table aria-label="Nodes">
      <thead><tr><th>Service</th><th>Peer id</th><th>Ports</th><th>Links</th></tr></thead>
      <tbody>
        ${chart.nodes.map(
          n => html`<tr>
            <td>${n.name.split('@')[0]}</td><td><code>${n.id}</code></td>
            <td>${Object.entries(n.value)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}</td><td>${links(n.id)}</td>
          </tr>`
        )}
      </tbody>
    </table>
  `
}
