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
    <${Graph} chart=${chart} />
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

const R = 150
const SIZE = 2 * R + 120

/** The nodes on a circle and a line for each p2p connection between two of them. */
function Graph({ chart }: { chart: Chart }) {
  const at = new Map(
    chart.nodes.map((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(chart.nodes.length, 1) - Math.PI / 2
      return [n.id, { x: SIZE / 2 + R * Math.cos(a), y: SIZE / 2 + R * Math.sin(a), label: n.name.split('@')[0] }]
    })
  )
  return html`<svg class="graph" role="img" aria-label="Links between nodes" width=${SIZE} height=${SIZE}
    viewBox=${`0 0 ${SIZE} ${SIZE}`}>
    ${chart.links.map(l => {
      const a = at.get(l.source)
      const b = at.get(l.target)
      return a && b ? html`<line x1=${a.x} y1=${a.y} x2=${b.x} y2=${b.y} stroke="#9aa3d8" />` : null
    })}
    ${[...at.values()].map(
      p => html`<g><circle cx=${p.x} cy=${p.y} r="7" fill="#4b5bdc" />
        <text x=${p.x} y=${p.y - 12} text-anchor="middle" font-size="12">${p.label}</text></g>`
    )}
  </svg>`
}
