/**
 * Public surface of the config compiler. Everything else in this folder is internal.
 */
export { compileProject, type CompiledProject } from './compile.js'
export type { PublishedFunction } from './kinds/compute.js'
export { publishPlan } from './publish.js'
export { readTree } from './tree.js'
export { renderFunctionYaml, renderP2PFunctionYaml, renderDomainYaml, renderProjectYaml } from './render.js'
export { ConfigBuildError, ConfigErrorCodes } from './issues.js'
export { parseDuration, parseSize } from './units.js'
export { NAME_RE } from './layout.js'
