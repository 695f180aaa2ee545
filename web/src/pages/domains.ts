import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import { getJson } from '../api.js'
import { type Ctx, errorText } from '../context.js'
import { domainYaml } from '../draft.js'
import type { DomainEntry } from '../workspace.js'
import { NAME_RE } from '../../../src/compiler/layout.js'
import { checkName } from '../../../src/shared/names.js'

/** The open project's domains; a new one (generated fqdn unless given) joins the pending changes. */
export function Domains({ ctx }: { ctx: Ctx }) {
  const w = ctx.workspace
  const [rows, setRows] = useState<DomainEntry[]>([])
  const [name, setName] = useState('')
  const [fqdn, setFqdn] = useState('')
  const [error, setError] = useState('')
  useEffect(() => {
    w?.domains()
      .then(setRows)
      .catch(e => setError(errorText(e)))
  }, [w, ctx.version])
  if (w === undefined) return html`<h1>Domains</h1><p>Open a project on the <a href="#/projects">Projects</a> page.</p>`
  const create = async (e: Event): Promise<void> => {
    e.preventDefault()
    setError('')
    try {
      checkName('domain', name, NAME_RE, 'use letters, digits and _, not starting with a digit', 'DOMAIN_NAME')
      if ((await w.read('config', `domains/${name}.yaml`)) !== undefined) throw new Error(`domain ${name} exists`)
      const { id } = await getJson<{ id: string }>(`/console-kit/new-id?for=${encodeURIComponent(w.project.id + name)}`)
      const taken = new Set(rows.map(r => r.fqdn))
      w.pending.config.set(
        `domains/${name}.yaml`,
        domainYaml(id, w.project.id, ctx.session?.fqdn ?? '', taken, fqdn.trim()).yaml
      )
      setName('')
      setFqdn('')
      ctx.changed()
    } catch (err) {
      setError(errorText(err))
    }
  }
  return html`
    <h1>Domains <small>of ${w.project.name}</small></h1>
    <form class="card" onSubmit=${create} aria-label="New domain">
      <label>Name <input value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} /></label>
      <label>FQDN <input value=${fqdn} placeholder="generated when empty"
        onInput=${(e: Event) => setFqdn((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">New domain</button>
    </form>
    ${error === '' ? null : html`<p role="alert" class="error">${error}</p>`}
    <table aria-label="Domains">
      <thead><tr><th>Name</th><th>FQDN</th><th>State</th></tr></thead>
      <tbody>${rows.map(
        d => html`<tr><td>${d.name}</td><td><code>${d.fqdn}</code></td>
        <td>${d.pushed ? 'pushed' : 'unpushed'}</td></tr>`
      )}</tbody>
    </table>
  `
}
