/** A function repo may commit its artifact (tau serves main.wasm, else artifact.wasm); it is taken as is. */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BuildError } from '../shared/errors.js'
import { wasm as WA } from '../vm/webassembly.js'

const ARTIFACTS = ['main.wasm', 'artifact.wasm']

export async function readCommittedWasm(dir: string): Promise<{ name: string; wasm: Uint8Array } | undefined> {
  for (const name of ARTIFACTS) {
    let bytes: Buffer
    try {
      bytes = await readFile(join(dir, name))
    } catch {
      continue
    }
    const wasm = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    if (!WA.validate(wasm))
      throw new BuildError('BUILD_INVALID_WASM', `committed ${name} in ${dir} is not a valid WebAssembly module`)
    return { name, wasm }
  }
  return undefined
}
