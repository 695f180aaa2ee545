import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import { type CallResult, type FunctionLog, getJson, poll, postJson } from '../api.js'
import { type Ctx, errorText } from '../context.js'
import type { FunctionEntry } from '../workspace.js'
import { CodeFiles } from './code-files.js'
import { FunctionForm } from './function-form.js'

const LOG_POLL_MS = 1000

/** The open project's functions (pushed or not), a Run button each, their logs, and New function. */
export function Functions({ ctx }: { ctx: Ctx }) {
  const [rows, setRows] = useState<FunctionEntry[]>([])
  const [adding, setAdding] = useState(false)
  const [results, setResults] = useState<Record<string, CallResult | string>>({})
  const [logsOf, setLogsOf] = useState('')
  const [editing, setEditing] = useState('')
  const w = ctx.workspace
  useEffect(() => {
    w?.functions()
      .then(setRows)
      .catch(e => setResults({ '': errorText(e) }))
  }, [w, ctx.version])
  if (w === undefined) {
    return html`<h1>Functions</h1><p>Open a project on the <a href="#/projects">Projects</a> page.</p>`
  }
  const run = async (f: FunctionEntry): Promise<void> => {
    setResults(r => ({ ...r, [f.name]: 'calling…' }))
    try {
      const res = await postJson<CallResult>(`/call/${encodeURIComponent(ctx.universe)}`, {
        method: f.method,
        host: f.fqdn,
        path: f.path
      })
      setResults(r => ({ ...r, [f.name]: res }))
    } catch (e) {
      setResults(r => ({ ...r, [f.name]: errorText(e) }))
    }
  }
  return html`
    <h1>Functions <small>of ${w.project.name}</small></h1>
    <button onClick=${() => setAdding(true)} aria-label="New function">+ New function</button>
    ${adding ? html`<${FunctionForm} ctx=${ctx} onClose=${() => setAdding(false)} />` : null}
    <table aria-label="Functions">
      <thead><tr><th>Name</th><th>Method</th><th>Path</th><th>Domain</th><th>State</th><th></th></tr></thead>
      <tbody>
        ${rows.map(
          f => html`<tr>
            <td>${f.name}</td><td>${f.method}</td><td><code>${f.path}</code></td>
            <td><code>${f.fqdn || f.domains.join(', ')}</code></td><td>${f.pushed ? 'pushed' : 'unpushed'}</td>
            <td>${f.http ? html`<button onClick=${() => void run(f)} title=${`Call ${f.name}`}>Run</button>` : null}
              <button onClick=${() => setLogsOf(logsOf === f.name ? '' : f.name)}>Logs</button>
              <button onClick=${() => setEditing(editing === f.name ? '' : f.name)}>Edit code</button></td>
          </tr>
          ${
            results[f.name] === undefined
              ? null
              : html`<tr><td colspan="6"><${Result} r=${results[f.name]} /></td></tr>`
          }`
        )}
      </tbody>
    </table>
    ${editing === '' ? null : html`<${EditCode} ctx=${ctx} fn=${editing} />`}
    ${logsOf === '' ? null : html`<${Logs} ctx=${ctx} fn=${logsOf} />`}
  `
}

function Result({ r }: { r: CallResult | string }) {
  if (typeof r === 'string') return html`<p class="result">${r}</p>`
  return html`<section class="result" aria-label="Response">
    <p>Status <strong data-status>${r.status}</strong> in ${r.ms} ms, ${r.size} bytes${
      r.truncated ? ' (only the first bytes are shown)' : ''
    }</p>
    <pre class="headers">${Object.entries(r.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}</pre>
    <pre class="body" aria-label="Body">${r.body}</pre>
  </section>`
}

function Logs({ ctx, fn }: { ctx: Ctx; fn: string }) {
  const [lines, setLines] = useState<FunctionLog[]>([])
  useEffect(() => {
    const stop = new AbortController()
    const url = `/function-logs/${encodeURIComponent(ctx.universe)}?function=${encodeURIComponent(fn)}`
    poll(
      LOG_POLL_MS,
      stop.signal,
      async () => setLines((await getJson<{ logs: FunctionLog[] }>(url)).logs),
      () => {}
    )
    return () => stop.abort()
  }, [fn])
  return html`<section aria-label=${`Logs of ${fn}`}><h2>Logs of ${fn}</h2>
    <pre class="log">${lines.map(l => `${new Date(l.at).toISOString()} ${l.line}`).join('\n') || 'no lines yet'}</pre>
  </section>`
}

/** A function's code as it is in the project (pushed or not); edits become pending changes until Push. */
function EditCode({ ctx, fn }: { ctx: Ctx; fn: string }) {
  const [files, setFiles] = useState<Record<string, string> | undefined>()
  useEffect(() => {
    ctx.workspace
      ?.codeFiles(fn)
      .then(setFiles)
      .catch(() => setFiles({}))
  }, [fn])
  if (files === undefined || ctx.workspace === undefined) return null
  const w = ctx.workspace
  return html`<section class="card" aria-label=${`Code of ${fn}`}><h2>Code of ${fn}</h2>
    <${CodeFiles} files=${files} generation=${fn} onChange=${(path: string, text: string) => {
      void w.editCode(`functions/${fn}/${path}`, text).then(ctx.changed)
    }} />
  </section>`
}
