/**
 * What a config build publishes to TNS, as data: the caller (monkey) performs the pushes
 * in this order. The `current` pointer goes last so readers never see a commit whose object is not
 * there yet.
 */
import type { CompiledProject } from './compile.js'

export interface TnsPush {
  path: string[]
  data: unknown
}

export function publishPlan(compiled: CompiledProject, branch: string, commit: string): TnsPush[] {
  const P = compiled.projectId
  return [
    // Index keys are full slash paths; TNS splits them into segments when flattening.
    { path: [], data: compiled.indexes },
    { path: ['branches', branch, 'commit', commit, 'projects', P], data: compiled.object },
    { path: ['projects', P, 'branches', branch, 'current'], data: { current: commit } }
  ]
}
