import { chmod, mkdir, writeFile } from 'node:fs/promises'

/**
 * State files hold tokens, hook secrets, deploy keys and private repositories: directories are owner-only (0700)
 * and files owner-read/write (0600), whatever the umask, so that other users of the machine can read none of it.
 */

const PRIVATE_DIR_MODE = 0o700
const PRIVATE_FILE_MODE = 0o600

/** mkdir -p with owner-only directories; a directory that already exists is made owner-only too. */
export async function mkdirPrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  await chmod(dir, PRIVATE_DIR_MODE)
}

/** Writes a file readable and writable by its owner only. */
export async function writeFilePrivate(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(file, data, { mode: PRIVATE_FILE_MODE })
}
