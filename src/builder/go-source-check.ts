/**
 * The two ways a Go build could read files outside the function's folder once no symbolic link is left in it
 * (source-tree.ts): a `replace` in go.mod that names a folder (`=> ../../secret`, `=> /home/me/x`), and an
 * assembly file's `#include` of an absolute or upward path. Both fail the build with BUILD_SOURCE_OUTSIDE naming
 * the file. `//go:embed` needs no check here: Go refuses `..`, absolute patterns and links in them itself.
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, join, posix } from 'node:path'
import { BuildError } from '../shared/errors.js'

/** go.mod as `go mod edit -json` prints it (only what is read here). */
export interface GoModJson {
  Replace?: Array<{ Old: { Path: string }; New: { Path: string; Version?: string } }> | null
}

/** Throws BUILD_SOURCE_OUTSIDE for the first replace whose target is a folder outside the module's own. */
export function checkReplaces(mod: GoModJson, goModPath: string): void {
  for (const r of mod.Replace ?? []) {
    // A target with a version is a module from the module proxy, not a folder.
    if (r.New.Version !== undefined && r.New.Version !== '') continue
    if (!leaves(r.New.Path)) continue
    throw new BuildError(
      'BUILD_SOURCE_OUTSIDE',
      `${goModPath}: replace ${r.Old.Path} => ${r.New.Path} names a folder outside the function's; ` +
        'a build reads only the function folder: move the module inside it or replace with a published version'
    )
  }
}

/** Throws BUILD_SOURCE_OUTSIDE for the first `#include` of an assembly file (`files`: paths under `dir`). */
export async function checkAsmIncludes(dir: string, files: readonly string[], label: string): Promise<void> {
  for (const f of files.filter(n => n.endsWith('.s'))) {
    const text = await readFile(join(dir, f), 'utf8')
    for (const m of text.matchAll(/^\s*#\s*include\s*[<"]([^>"]*)[>"]/gm)) {
      const target = m[1] ?? ''
      // Relative to the including file's folder, as the assembler searches first.
      if (!leaves(isAbsolute(target) ? target : posix.join(posix.dirname(f), target))) continue
      throw new BuildError(
        'BUILD_SOURCE_OUTSIDE',
        `${label === '' ? f : `${label}/${f}`}: #include "${target}" names a file outside the function's folder`
      )
    }
  }
}

/** True for an absolute path or one that goes up out of where it starts. */
function leaves(path: string): boolean {
  const n = posix.normalize(path.replace(/\\/g, '/'))
  return isAbsolute(path) || n.startsWith('/') || n === '..' || n.startsWith('../')
}
