/**
 * Public surface of the config compiler. Everything else in this folder is internal.
 */
export { compileProject, defaultGeneratedPattern, type CompileInput, type CompiledProject } from './compile.js'
export { publishPlan, type TnsPush } from './publish.js'
export { readTree } from './tree.js'
export {
  renderFunctionYaml,
  renderDomainYaml,
  renderProjectYaml,
  type FunctionYamlInput,
  type DomainYamlInput,
  type ProjectYamlInput
} from './render.js'
export { ConfigBuildError, ConfigErrorCodes, formatIssue, type Issue, type ConfigErrorCode } from './issues.js'
export { parseDuration, parseSize, type Parsed } from './units.js'
export { buildIndexes, REPOSITORY_TYPE } from './indexes.js'
export { TRIGGER_TYPES } from './kinds/compute.js'
export { GROUPS, NAME_RE, type Group } from './layout.js'
