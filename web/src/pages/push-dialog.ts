import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import { type Ctx, errorText } from '../context.js'
import { lineDiff } from '../diff.js'
import type { Change } from '../workspace.js'

type Step = 'config' | 'code' | 'message'
const DIFF_CLASS = { '+': 'add', '-': 'del', ' ': '' } as const

/**
 * Push: the config changes (a tree of changed files, each shown), then the code changes (diffs), then a commit
 * message; the commits are made in the browser's clones and pushed, config first.
 */
export function PushDialog({ ctx, onClose }: { ctx: Ctx; onClose: () => void }) {
  const w = ctx.workspace
  const [step, setStep] = useState<Step>('config')
  const [config, setConfig] = useState<Change[]>([])
  const [code, setCode] = useState<Change[]>([])
  const [open, setOpen] = useState('')
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  useEffect(() => {
    const load = async (): Promise<void> => {
      if (w === undefined) return
      const c = await w.changes('config')
      setConfig(c)
      setCode(await w.changes('code'))
      setOpen(c.find(x => x.path.startsWith('domains/'))?.path ?? c[0]?.path ?? '')
    }
    load().catch(e => setError(errorText(e)))
  }, [w])
  if (w === undefined) return null
  const push = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (message.trim() === '') {
      setError('write a commit message')
      return
    }
    setBusy(true)
    setError('')
    try {
      await w.push(message, ctx.session?.login ?? 'dream')
      ctx.changed()
      location.hash = '#/builds'
      onClose()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  const shown = config.find(c => c.path === open)
  return html`<div class="backdrop">
    <div role="dialog" aria-modal="true" aria-label="Push changes" class="dialog">
      <h2>Push to ${w.project.name}</h2>
      ${
        step === 'config'
          ? html`<h3>Config changes</h3>
          <div class="tree-view">
            <${Tree} changes=${config} open=${open} onOpen=${setOpen} />
            ${
              shown === undefined
                ? html`<p>No config changes.</p>`
                : html`<pre aria-label=${shown.path}>${shown.after}</pre>`
            }
          </div>
          <button onClick=${() => setStep('code')}>Next</button>`
          : null
      }
      ${
        step === 'code'
          ? html`<h3>Code changes</h3>
          ${code.length === 0 ? html`<p>No code changes.</p>` : null}
          ${code.map(
            c => html`<details open>
              <summary>${c.before === undefined ? 'new' : 'changed'} <code>${c.path}</code></summary>
              <pre class="diff">${lineDiff(c.before ?? '', c.after).map(
                l => html`<span class=${DIFF_CLASS[l.kind]}>${`${l.kind} ${l.text}\n`}</span>`
              )}</pre>
            </details>`
          )}
          <button onClick=${() => setStep('config')}>Back</button>
          <button onClick=${() => setStep('message')}>Next</button>`
          : null
      }
      ${
        step === 'message'
          ? html`<form onSubmit=${push}>
            <label>Commit message <input value=${message} required
              onInput=${(e: Event) => setMessage((e.target as HTMLInputElement).value)} /></label>
            <button type="button" onClick=${() => setStep('code')}>Back</button>
            <button type="submit" disabled=${busy}>${busy ? 'Pushing…' : 'Push'}</button>
          </form>`
          : null
      }
      ${error === '' ? null : html`<p role="alert" class="error">${error}</p>`}
      <button class="close" onClick=${onClose} aria-label="Close">×</button>
    </div>
  </div>`
}

/** The changed files as a folder tree; a file opens its content. */
function Tree({ changes, open, onOpen }: { changes: Change[]; open: string; onOpen: (p: string) => void }) {
  const folders = new Map<string, Change[]>()
  for (const c of changes) {
    const dir = c.path.includes('/') ? c.path.slice(0, c.path.lastIndexOf('/')) : '.'
    folders.set(dir, [...(folders.get(dir) ?? []), c])
  }
  return html`<ul role="tree" aria-label="Changed files" class="tree">
    ${[...folders].map(
      ([dir, cs]) => html`<li role="treeitem" aria-expanded="true">${dir}/
        <ul role="group">
          ${cs.map(
            c => html`<li role="treeitem" aria-selected=${c.path === open} onClick=${() => onOpen(c.path)}>
              ${c.before === undefined ? '+ ' : '~ '}${c.path.slice(c.path.lastIndexOf('/') + 1)}</li>`
          )}
        </ul>
      </li>`
    )}
  </ul>`
}
