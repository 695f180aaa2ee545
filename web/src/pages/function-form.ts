import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import { resourceFiles } from '../../../src/console/template-resources.js'
import { getJson, type Template } from '../api.js'
import { type Ctx, errorText } from '../context.js'
import {
  checkDraft,
  companionYaml,
  domainYaml,
  emptyDraft,
  type FunctionDraft,
  fromTemplate,
  fromYaml,
  functionYaml,
  GENERATED_DOMAIN
} from '../draft.js'
import type { DomainEntry } from '../workspace.js'
import { CodeFiles } from './code-files.js'

type Tab = 'Form' | 'Yaml' | 'Code'
const newId = async (forWhat: string): Promise<string> =>
  (await getJson<{ id: string }>(`/console-kit/new-id?for=${encodeURIComponent(forWhat)}`)).id

/**
 * The New function form: fields, a Templates picker that fills them (and the code), a Yaml tab rendered from the
 * form and parsed back into it, a Code tab with an editor per file; Done adds the function to the project's
 * pending changes (nothing is pushed until Push).
 */
export function FunctionForm({ ctx, onClose }: { ctx: Ctx; onClose: () => void }) {
  const w = ctx.workspace
  const [draft, setDraft] = useState<FunctionDraft>(emptyDraft(''))
  const [templates, setTemplates] = useState<Template[]>([])
  const [picking, setPicking] = useState(false)
  const [tab, setTab] = useState<Tab>('Form')
  const [yamlText, setYamlText] = useState<string | undefined>()
  const [yamlError, setYamlError] = useState('')
  const [domains, setDomains] = useState<DomainEntry[]>([])
  const [error, setError] = useState('')

  useEffect(() => {
    const load = async (): Promise<void> => {
      const id = await newId(w?.project.id ?? '')
      setDraft(d => ({ ...d, id }))
      setTemplates((await getJson<{ templates: Template[] }>('/console-kit/templates')).templates)
      setDomains((await w?.domains()) ?? [])
    }
    load().catch(e => setError(errorText(e)))
  }, [])

  if (w === undefined) return null
  const set = (k: keyof FunctionDraft) => (e: Event) => {
    setYamlText(undefined)
    setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value })
  }
  const field = (label: string, k: keyof FunctionDraft) =>
    html`<label>${label} <input value=${String(draft[k])} onInput=${set(k)} /></label>`
  const domainNames = [...new Set([...domains.map(d => d.name), GENERATED_DOMAIN])]
  const done = async (): Promise<void> => {
    setError('')
    try {
      checkDraft(draft)
      const companions = draft.companions.map(c => ({ name: `${draft.name}_${c.suffix}`, c }))
      for (const fn of [draft.name, ...companions.map(x => x.name)]) {
        if ((await w.read('config', `functions/${fn}.yaml`)) !== undefined) {
          throw new Error(`project ${w.project.name} already has a function ${fn}`)
        }
      }
      for (const d of draft.domains) {
        if (d !== GENERATED_DOMAIN || (await w.read('config', `domains/${d}.yaml`)) !== undefined) continue
        const taken = new Set((await w.domains()).map(x => x.fqdn))
        const made = domainYaml(await newId(w.project.id + d), w.project.id, ctx.session?.fqdn ?? '', taken)
        w.pending.config.set(`domains/${d}.yaml`, made.yaml)
      }
      w.pending.config.set(`functions/${draft.name}.yaml`, functionYaml(draft))
      // The template's resources, unless the project has them (the same files `dream new function` writes).
      for (const r of [draft.resources, ...draft.companions].flatMap(resourceFiles)) {
        if ((await w.read('config', r.path)) !== undefined) continue
        w.pending.config.set(r.path, r.yaml(await newId(w.project.id + r.seed.join(''))))
      }
      for (const [path, text] of Object.entries(draft.files)) {
        w.pending.code.set(`functions/${draft.name}/${path}`, text)
      }
      for (const { name, c } of companions) {
        w.pending.config.set(`functions/${name}.yaml`, companionYaml(draft, c, await newId(w.project.id + name)))
        for (const [path, text] of Object.entries(c.files)) w.pending.code.set(`functions/${name}/${path}`, text)
      }
      ctx.changed()
      onClose()
    } catch (e) {
      setError(errorText(e))
    }
  }
  const byLanguage = new Map<string, Template[]>()
  for (const t of templates) byLanguage.set(t.language, [...(byLanguage.get(t.language) ?? []), t])

  return html`<section class="card" aria-label="New function form">
    <h2>New function</h2>
    <button onClick=${() => setPicking(!picking)} aria-expanded=${picking}>Templates</button>
    ${
      picking
        ? html`<div class="templates" role="group" aria-label="Template picker">
          ${[...byLanguage].map(
            ([lang, ts]) => html`<div><strong>${lang}</strong>
              ${ts.map(
                t =>
                  html`<button title=${t.description} onClick=${() => {
                    setYamlText(undefined)
                    setDraft(fromTemplate(draft, t))
                    setPicking(false)
                  }}>${`${lang} ${t.name}`}</button>`
              )}</div>`
          )}
        </div>`
        : null
    }
    <div role="tablist">
      ${(['Form', 'Yaml', 'Code'] as const).map(
        t => html`<button role="tab" aria-selected=${tab === t} onClick=${() => setTab(t)}>${t}</button>`
      )}
    </div>
    ${
      tab === 'Form'
        ? html`<div role="tabpanel" class="fields">
          ${field('Name', 'name')} ${field('Description', 'description')} ${field('Timeout', 'timeout')}
          ${field('Memory', 'memory')}
          <label>Method <select value=${draft.method} onChange=${set('method')}>
            ${['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'].map(m => html`<option>${m}</option>`)}
          </select></label>
          ${field('Paths', 'paths')}
          <label>Domains <select value=${draft.domains[0] ?? ''} onChange=${(e: Event) => {
            setYamlText(undefined)
            const v = (e.target as HTMLSelectElement).value
            setDraft({ ...draft, domains: v === '' ? [] : [v] })
          }}>
            <option value="">(choose)</option>
            ${domainNames.map(
              d => html`<option value=${d}>${domains.some(x => x.name === d) ? d : `${d} (new)`}</option>`
            )}
          </select></label>
          ${field('Call', 'call')}
          <p class="hint">${draft.template === '' ? 'no template chosen' : `template ${draft.template}`}</p>
          ${
            draft.companions.length === 0
              ? null
              : html`<p class="hint">also makes ${draft.companions
                  .map(c => `${draft.name}_${c.suffix} (${c.type === 'p2p' ? `p2p command ${c.command}` : c.type})`)
                  .join(', ')}</p>`
          }
        </div>`
        : null
    }
    ${
      tab === 'Yaml'
        ? html`<div role="tabpanel">
          <textarea aria-label="YAML" rows="16" spellcheck="false" value=${yamlText ?? functionYaml(draft)}
            onInput=${(e: Event) => {
              const v = (e.target as HTMLTextAreaElement).value
              setYamlText(v)
              try {
                setDraft(fromYaml(draft, v))
                setYamlError('')
              } catch (err) {
                setYamlError(errorText(err))
              }
            }}></textarea>
          ${yamlError === '' ? null : html`<p class="error">${yamlError}</p>`}
        </div>`
        : null
    }
    ${
      tab === 'Code'
        ? html`<div role="tabpanel">
          <${CodeFiles} files=${draft.files} generation=${draft.template}
            onChange=${(path: string, text: string) =>
              setDraft(d => ({ ...d, files: { ...d.files, [path]: text } }))} />
        </div>`
        : null
    }
    ${error === '' ? null : html`<p role="alert" class="error">${error}</p>`}
    <div class="actions">
      <button onClick=${() => void done()}>Done</button> <button onClick=${onClose}>Cancel</button>
    </div>
  </section>`
}
