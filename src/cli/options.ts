import { Option } from '@commander-js/extra-typings'
import { DEFAULT_UNIVERSE } from '../shared/defaults.js'

/** Options that many commands share, each defined once. */

/** `-u, --universe <name>`, the default universe unless given. */
export const universeOption = () => new Option('-u, --universe <name>', 'universe').default(DEFAULT_UNIVERSE)

/** `--json`: the result (or the error) as one JSON document on stdout. */
export const jsonOption = (what = 'print JSON') => new Option('--json', what)

/** `--project <name>` that the command cannot do without. */
export const projectOption = () => new Option('--project <name>', 'project name or id').makeOptionMandatory()

/** `--language`: the language of a template's code. */
export const languageOption = () =>
  new Option('--language <language>', 'go (needs Go 1.24+ on PATH) or assemblyscript').default('go')
