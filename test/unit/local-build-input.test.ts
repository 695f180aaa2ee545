/**
 * What a local build accepts before it reads anything: a body of the right types (typed errors naming the
 * field), and folders within a byte budget (the commit id hashes every folder, a change in any is a new one).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkedLocalBody } from '../../src/services/monkey/local-body.js'
import { foldersHash, readConfigTree } from '../../src/services/monkey/local-tree.js'
import { tempDir } from '../helpers/githost.js'

test('a local build body: each wrong field is a typed error naming it; a right one passes as it is', () => {
  const ok = { configDir: '/p/config', codeDir: '/p/code', websitesDir: '/p/websites', branch: 'main' }
  assert.deepEqual(checkedLocalBody(ok), ok)
  const cases: Array<[unknown, string, RegExp]> = [
    [undefined, 'LOCAL_BUILD_BODY', /an object/],
    [[], 'LOCAL_BUILD_BODY', /an object/],
    [{ branch: 'main' }, 'LOCAL_BUILD_PATH', /config folder must be an absolute path, not missing/],
    [{ ...ok, configDir: 'rel' }, 'LOCAL_BUILD_PATH', /config folder must be an absolute path, not "rel"/],
    [{ ...ok, librariesDir: 7 }, 'LOCAL_BUILD_PATH', /libraries folder/],
    [{ ...ok, branch: '' }, 'LOCAL_BUILD_BODY', /branch/],
    [{ ...ok, commit: 'abc' }, 'LOCAL_BUILD_BODY', /commit must be 40/],
    [{ ...ok, publishConfig: 'yes' }, 'LOCAL_BUILD_BODY', /publishConfig/]
  ]
  for (const [body, code, message] of cases)
    assert.throws(() => checkedLocalBody(body), { name: 'InvalidInputError', code, message }, JSON.stringify(body))
})

test('folders over the byte budget are refused, naming the file; the hash covers every folder', async () => {
  const tmp = await tempDir('dream-local-tree-')
  try {
    const config = join(tmp.path, 'config')
    const code = join(tmp.path, 'code')
    await mkdir(config)
    await mkdir(code)
    await writeFile(join(config, 'config.yaml'), 'id: x\n')
    await writeFile(join(config, 'big'), 'x'.repeat(100))
    assert.equal((await readConfigTree(config)).get('config.yaml'), 'id: x\n')
    await assert.rejects(readConfigTree(config, 50), { code: 'LOCAL_BUILD_TOO_LARGE', message: /more than 50 bytes/ })
    const before = await foldersHash({ config, code })
    assert.equal(await foldersHash({ config, code }), before)
    await assert.rejects(foldersHash({ config, code }, undefined, 50), { code: 'LOCAL_BUILD_TOO_LARGE' })
    await writeFile(join(code, 'main.go'), 'package lib\n')
    assert.notEqual(await foldersHash({ config, code }), before, 'a code file is in the commit id')
  } finally {
    await tmp.cleanup()
  }
})
