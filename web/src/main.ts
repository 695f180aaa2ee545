import { html } from 'htm/preact'
import { render } from 'preact'
import { useCallback, useEffect, useState } from 'preact/hooks'
import { getJson, type ProjectRef, type Session } from './api.js'
import { type Ctx, errorText } from './context.js'
import { Builds } from './pages/builds.js'
import { Domains } from './pages/domains.js'
import { Functions } from './pages/functions.js'
import { Network } from './pages/network.js'
import { Projects } from './pages/projects.js'
import { PushDialog } from './pages/push-dialog.js'
import type { Workspace } from './workspace.js'

const PAGES = ['network', 'projects', 'functions', 'domains', 'builds'] as const
type Page = (typeof PAGES)[number]
const title = (p: Page): string => p[0]?.toUpperCase() + p.slice(1)
const pageOf = (hash: string): Page => {
  const p = hash.replace(/^#\/?/, '') as Page
  return PAGES.includes(p) ? p : 'projects'
}

function App() {
  const [page, setPage] = useState<Page>(pageOf(location.hash))
  const [universes, setUniverses] = useState<string[]>([])
  const [universe, setUniverse] = useState('')
  const [session, setSession] = useState<Session | undefined>()
  const [workspace, setWorkspace] = useState<Workspace | undefined>()
  const [version, setVersion] = useState(0)
  const [pushing, setPushing] = useState(false)
  const [error, setError] = useState('')

  useEffect(() => {
    const onHash = (): void => setPage(pageOf(location.hash))
    addEventListener('hashchange', onHash)
    getJson<Record<string, unknown>>('/universes')
      .then(u => {
        const names = Object.keys(u)
        setUniverses(names)
        setUniverse(names[0] ?? '')
      })
      .catch(e => setError(errorText(e)))
    return () => removeEventListener('hashchange', onHash)
  }, [])
  useEffect(() => {
    setSession(undefined)
    setWorkspace(undefined)
    if (universe === '') return
    getJson<Session>(`/console/${encodeURIComponent(universe)}`)
      .then(setSession)
      .catch(e => setError(errorText(e)))
  }, [universe])

  const selectProject = useCallback(
    async (name: string) => {
      setError('')
      if (name === '') {
        setWorkspace(undefined)
        return
      }
      const { project } = await getJson<{ project: ProjectRef }>(
        `/console/${encodeURIComponent(universe)}/projects/${encodeURIComponent(name)}`
      )
      // isomorphic-git is loaded with the first project opened, so the console itself loads sooner.
      const { Workspace } = await import('./workspace.js')
      const w = new Workspace(universe, project)
      await w.open()
      setWorkspace(w)
      setVersion(v => v + 1)
    },
    [universe]
  )
  const ctx: Ctx = {
    universe,
    session,
    workspace,
    version,
    selectProject: async name => await selectProject(name).catch(e => setError(errorText(e))),
    changed: () => setVersion(v => v + 1),
    openPush: () => setPushing(true)
  }
  const body = {
    network: Network,
    projects: Projects,
    functions: Functions,
    domains: Domains,
    builds: Builds
  }[page]
  return html`
    <header>
      <strong class="brand">dream</strong>
      <label>Universe
        <select value=${universe} onChange=${(e: Event) => setUniverse((e.target as HTMLSelectElement).value)}>
          ${universes.map(u => html`<option value=${u}>${u}</option>`)}
        </select>
      </label>
      <span class="project">${workspace === undefined ? 'no project open' : `project ${workspace.project.name}`}</span>
      <button disabled=${workspace?.dirty !== true} onClick=${() => setPushing(true)}>Push</button>
    </header>
    <nav>
      ${PAGES.map(p => html`<a href=${`#/${p}`} aria-current=${p === page ? 'page' : undefined}>${title(p)}</a>`)}
    </nav>
    ${error === '' ? null : html`<p role="alert" class="error">${error}</p>`}
    <main>${universe === '' ? html`<p>Loading…</p>` : html`<${body} ctx=${ctx} />`}</main>
    ${pushing && workspace !== undefined ? html`<${PushDialog} ctx=${ctx} onClose=${() => setPushing(false)} />` : null}
  `
}

render(html`<${App} />`, document.getElementById('app') as HTMLElement)
