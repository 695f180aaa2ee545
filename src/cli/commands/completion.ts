import type { Command } from 'commander'
import { InvalidInputError } from '../../shared/errors.js'
import type { Io } from '../output.js'

/** Every command path with its options, from the program itself (so completion never goes stale). */
function tree(cmd: Command, prefix: string[] = []): Array<{ path: string[]; words: string[] }> {
  const words = [
    ...cmd.commands.map(c => c.name()),
    ...cmd.options.flatMap(o => [o.long, o.short].filter((x): x is string => x !== undefined))
  ]
  return [{ path: prefix, words }, ...cmd.commands.flatMap(c => tree(c, [...prefix, c.name()]))]
}

/** `dream completion bash|zsh|fish`: a script that completes subcommands and options. */
export function completion(io: Io, program: Command, shell: string): void {
  const t = tree(program)
  if (shell === 'bash' || shell === 'zsh') {
    const cases = t.map(n => `    "${n.path.join(' ')}") echo "${n.words.join(' ')}" ;;`).join('\n')
    // The longest known command path among the words typed so far decides what comes next.
    const bash = `_dream_words() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
_dream_complete() {
  local i w path="" cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    if _dream_words "\${path:+$path }$w" >/dev/null; then path="\${path:+$path }$w"; fi
  done
  COMPREPLY=( $(compgen -W "$(_dream_words "$path")" -- "$cur") )
}
complete -F _dream_complete dream
`
    io.out.write(shell === 'zsh' ? `autoload -U +X bashcompinit && bashcompinit\n${bash}` : bash)
    return
  }
  if (shell === 'fish') {
    const lines = t.flatMap(n => {
      const cond = n.path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${n.path.at(-1) ?? ''}`
      return n.words.map(w =>
        w.startsWith('--')
          ? `complete -c dream -n '${cond}' -l ${w.slice(2)}`
          : w.startsWith('-')
            ? `complete -c dream -n '${cond}' -s ${w.slice(1)}`
            : `complete -c dream -f -n '${cond}' -a ${w}`
      )
    })
    io.out.write(`${lines.join('\n')}\n`)
    return
  }
  throw new InvalidInputError('COMPLETION_SHELL', `no completion for shell "${shell}"; choose bash, zsh or fish`)
}
