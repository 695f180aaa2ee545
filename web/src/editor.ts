import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { javascript } from '@codemirror/lang-javascript'
import { defaultHighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language'
import { go } from '@codemirror/legacy-modes/mode/go'
import { shell } from '@codemirror/legacy-modes/mode/shell'
import { yaml } from '@codemirror/legacy-modes/mode/yaml'
import { EditorState, type Extension } from '@codemirror/state'
import { EditorView, keymap, lineNumbers } from '@codemirror/view'

function languageOf(path: string): Extension {
  if (path.endsWith('.go') || path.endsWith('go.mod')) return StreamLanguage.define(go)
  if (path.endsWith('.ts') || path.endsWith('.js')) return javascript({ typescript: path.endsWith('.ts') })
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return StreamLanguage.define(yaml)
  if (path.endsWith('.sh')) return StreamLanguage.define(shell)
  return []
}

/** A CodeMirror editor of one file, highlighted by its extension; `onChange` gets the whole text on each edit. */
export function openEditor(
  parent: HTMLElement,
  path: string,
  doc: string,
  onChange: (text: string) => void
): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        syntaxHighlighting(defaultHighlightStyle),
        languageOf(path),
        EditorView.contentAttributes.of({ 'aria-label': `Code of ${path}` }),
        EditorView.updateListener.of(u => {
          if (u.docChanged) onChange(u.state.doc.toString())
        })
      ]
    })
  })
}
