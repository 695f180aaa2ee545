import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withSourceContext } from '../../src/services/monkey/source-context.js'

test('a compile error gets its repository path and the source around it with a caret', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dream-source-context-'))
  try {
    await writeFile(join(dir, 'fn.ts'), 'line one\nlet x = h\nline three\n')
    const text = await withSourceContext(
      "compiling fn.ts failed:\nfn.ts:2:9: error AS2304: Cannot find name 'h'.\n~lib/x.ts:1:1: error AS1: kept as is",
      dir,
      'functions/fn'
    )
    assert.deepEqual(text.split('\n'), [
      'compiling fn.ts failed:',
      "functions/fn/fn.ts:2:9: error AS2304: Cannot find name 'h'.",
      '  1 | line one',
      '  2 | let x = h',
      '    |         ^',
      '  3 | line three',
      '~lib/x.ts:1:1: error AS1: kept as is'
    ])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('a path outside the function folder is left alone', async () => {
  assert.equal(await withSourceContext('../../etc/passwd:1:1: x', tmpdir(), 'functions/f'), '../../etc/passwd:1:1: x')
})
