import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import { getJson, postJson } from '../api.js'
import { type Ctx, errorText } from '../context.js'

interface ProjectRow {
  id: string
  name: string
  commit: string | null
}

/** The universe's projects; New project creates one (the same Console as `dream new project`) and opens it. */
export function Projects({ ctx }: { ctx: Ctx }) {
  const [rows, setRows] = useState<ProjectRow[]>([])
  const [form, setForm] = useState(false)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [priv, setPriv] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const u = encodeURIComponent(ctx.universe)
  const load = async (): Promise<void> => {
    setRows((await getJson<{ projects: ProjectRow[] }>(`/ls/${u}`)).projects)
  }
  useEffect(() => {
    load().catch(e => setError(errorText(e)))
  }, [ctx.universe, ctx.version])
  const create = async (e: Event): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      await postJson(`/console/${u}/project`, { name, description, private: priv })
      setForm(false)
      await load()
      await ctx.selectProject(name)
      setName('')
      setDescription('')
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return html`
    <h1>Projects</h1>
    <button onClick=${() => setForm(!form)}>New project</button>
    ${
      form
        ? html`<form class="card" onSubmit=${create} aria-label="New project">
          <label>Name <input name="name" value=${name} required
            onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} /></label>
          <label>Description <input name="description" value=${description}
            onInput=${(e: Event) => setDescription((e.target as HTMLInputElement).value)} /></label>
          <label><input type="checkbox" checked=${priv}
            onChange=${(e: Event) => setPriv((e.target as HTMLInputElement).checked)} /> Private</label>
          <button type="submit" disabled=${busy}>${busy ? 'Creating…' : 'Create project'}</button>
        </form>`
        : null
    }
    ${error === '' ? null : html`<p role="alert" class="error">${error}</p>`}
    <table>
      <thead><tr><th>Name</th><th>Id</th><th>Config commit</th><th></th></tr></thead>
      <tbody>
        ${rows.map(
          p => html`<tr>
            <td>${p.name}</td><td><code>${p.id}</code></td><td><code>${p.commit?.slice(0, 7) ?? '-'}</code></td>
            <td><button onClick=${() => void ctx.selectProject(p.name)}
              aria-label=${`Open ${p.name}`}>${ctx.workspace?.project.name === p.name ? 'Open ✓' : 'Open'}</button></td>
          </tr>`
        )}
      </tbody>
    </table>
  `
}
