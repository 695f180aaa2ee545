import { html } from 'htm/preact'
import { useEffect, useRef, useState } from 'preact/hooks'

/**
 * A function's files: a list to pick one and a CodeMirror editor of it. `files` seeds the editor when a file is
 * opened (or `generation` changes, e.g. a new template); edits go to `onChange`.
 */
export function CodeFiles({
  files,
  generation,
  onChange
}: {
  files: Record<string, string>
  generation: string
  onChange: (path: string, text: string) => void
}) {
  const [file, setFile] = useState('')
  const box = useRef<HTMLDivElement>(null)
  const paths = Object.keys(files).sort()
  const shown = paths.includes(file) ? file : (paths.find(f => !f.startsWith('.')) ?? paths[0] ?? '')
  useEffect(() => {
    const parent = box.current
    if (parent === null || shown === '') return
    // CodeMirror is loaded when a first file is opened, so the console itself loads sooner.
    let view: { destroy: () => void } | undefined
    let gone = false
    void import('../editor.js').then(({ openEditor }) => {
      if (!gone) view = openEditor(parent, shown, files[shown] ?? '', text => onChange(shown, text))
    })
    return () => {
      gone = true
      view?.destroy()
    }
  }, [shown, generation])
  return html`<div class="code">
    <ul class="files" aria-label="Files">
      ${paths.map(f => html`<li><button aria-pressed=${f === shown} onClick=${() => setFile(f)}>${f}</button></li>`)}
    </ul>
    ${paths.length === 0 ? html`<p>Pick a template to start from its code.</p>` : null}
    <div class="editor" ref=${box}></div>
  </div>`
}
