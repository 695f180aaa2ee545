import type { Session } from './api.js'
import type { Workspace } from './workspace.js'

/** What every page gets from the shell: the chosen universe and project, and a way to say the workspace changed. */
export interface Ctx {
  universe: string
  session: Session | undefined
  workspace: Workspace | undefined
  /** Bumped on every change of the workspace, so pages re-read it. */
  version: number
  selectProject: (name: string) => Promise<void>
  changed: () => void
  openPush: () => void
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e))
