import { type Command, type CommandUnknownOpts, Help } from '@commander-js/extra-typings'
import { FIXTURES } from '../../../fixtures/index.js'
import { listTemplates } from '../../console/templates.js'
import { websiteTemplates } from '../../console/website.js'
import { SERVICES } from '../../services/types.js'
import { InvalidInputError } from '../../shared/errors.js'

/** The hidden command that prints the project names (src/cli/commands/project-names.ts). */
const PROJECT_NAMES = 'dream project-names 2>/dev/null'

/**
 * Every visible command path with its subcommands, options and the words its first argument takes, from the
 * program itself (so completion never goes stale); hidden commands and flags (`--pid-file`) are left out.
 */
interface Node {
  path: string[]
  words: string[]
}

function tree(cmd: CommandUnknownOpts, operands: Record<string, string[]>, prefix: string[] = []): Node[] {
  const help = new Help()
  const subs = help.visibleCommands(cmd as Command).filter(c => c.name() !== 'help')
  const words = [
    ...subs.map(c => c.name()),
    ...(operands[prefix.join(' ')] ?? []),
    ...help.visibleOptions(cmd as Command).flatMap(o => [o.long, o.short].filter((x): x is string => x !== undefined))
  ]
  return [{ path: prefix, words }, ...subs.flatMap(c => tree(c, operands, [...prefix, c.name()]))]
}

/** What an option's value can be: `[command path, option, words]`; `null` words: the projects, asked at Tab time. */
type ValueRule = [path: string, option: string, words: readonly string[] | null]

/** `dream completion bash|zsh|fish`: a script that completes commands, options, and the names they take. */
export async function completion(program: CommandUnknownOpts, shell: string): Promise<string> {
  if (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish')
    throw new InvalidInputError('COMPLETION_SHELL', `no completion for shell "${shell}"; choose bash, zsh or fish`)
  const fixtures = Object.keys(FIXTURES)
  const operands: Record<string, string[]> = {
    inject: ['services', 'simple', ...SERVICES, ...fixtures],
    kill: ['universe', 'simple', 'services', ...SERVICES],
    status: [...SERVICES]
  }
  const values: ValueRule[] = [
    ['new function', '--template', await listTemplates()],
    ['new website', '--template', await websiteTemplates()],
    ['*', '--project', null],
    ['*', '--pid', null],
    ['*', '--enable', SERVICES],
    ['*', '--disable', SERVICES],
    ['*', '--fixtures', fixtures]
  ]
  const t = tree(program, operands)
  if (shell === 'fish') return fish(t, values)
  const cases = t.map(n => `    "${n.path.join(' ')}") echo "${n.words.join(' ')}" ;;`).join('\n')
  const valueCases = values
    .map(([path, option, words]) => {
      const pattern = path === '*' ? `*"|${option}"` : `"${path}|${option}"`
      return `    ${pattern}) ${words === null ? PROJECT_NAMES : `echo "${words.join(' ')}"`} ;;`
    })
    .join('\n')
  // The longest known command path among the words typed so far decides what comes next; after an option that
  // takes a name, the names.
  const bash = `_dream_words() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
_dream_values() {
  case "$1|$2" in
${valueCases}
    *) return 1 ;;
  esac
}
_dream_complete() {
  local i w values path="" cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    if _dream_words "\${path:+$path }$w" >/dev/null; then path="\${path:+$path }$w"; fi
  done
  if values=$(_dream_values "$path" "$prev"); then
    COMPREPLY=( $(compgen -W "$values" -- "$cur") )
    return
  fi
  COMPREPLY=( $(compgen -W "$(_dream_words "$path")" -- "$cur") )
}
complete -F _dream_complete dream
`
  return shell === 'zsh' ? `autoload -U +X bashcompinit && bashcompinit\n${bash}` : bash
}

function fish(t: Node[], values: ValueRule[]): string {
  const when = (path: string[]): string =>
    path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${path.at(-1) ?? ''}`
  const lines = t.flatMap(n =>
    n.words.map(w =>
      w.startsWith('--')
        ? `complete -c dream -n '${when(n.path)}' -l ${w.slice(2)}`
        : w.startsWith('-')
          ? `complete -c dream -n '${when(n.path)}' -s ${w.slice(1)}`
          : `complete -c dream -f -n '${when(n.path)}' -a ${w}`
    )
  )
  for (const [path, option, words] of values) {
    const cond = path === '*' ? '' : ` -n '${when(path.split(' '))}'`
    const choices = words === null ? `(${PROJECT_NAMES})` : words.join(' ')
    lines.push(`complete -c dream${cond} -l ${option.slice(2)} -xa '${choices}'`)
  }
  return `${lines.join('\n')}\n`
}
