import { test } from 'node:test'
import assert from 'node:assert/strict'
import { adaptDirectives } from '../../src/builder/go-adapt.js'
import { int32Import } from '../../src/builder/go-int-imports.js'

test('a host import taking Go int and *int becomes an int32 import and a converting wrapper, on its own line', () => {
  const src = [
    '//go:wasm-module taubyte/sdk',
    '//export contentSeekFile',
    'func ContentSeekFile(contentId uint32, offset int64, whence int, offsetPtr *int) (error errno.Error)',
    'var after = 1'
  ].join('\n')
  const out = adaptDirectives(src).split('\n')
  assert.equal(out.length, 4, 'line numbers stay')
  assert.equal(out[1], '//go:wasmimport taubyte/sdk contentSeekFile')
  assert.equal(
    out[2],
    'func __dream_i32_ContentSeekFile(contentId uint32, offset int64, whence int32, offsetPtr *int32) ' +
      '(error errno.Error); func ContentSeekFile(contentId uint32, offset int64, whence int, offsetPtr *int) ' +
      '(error errno.Error) { var t3 int32; error = __dream_i32_ContentSeekFile(contentId, offset, int32(whence), ' +
      '&t3); if offsetPtr != nil { *offsetPtr = int(t3) }; return }'
  )
  assert.equal(out[3], 'var after = 1')
})

test('an unnamed result is returned, and imports without int (or with grouped names) are left alone', () => {
  assert.equal(
    int32Import('func Seek(n int) uint32'),
    'func __dream_i32_Seek(n int32) uint32; func Seek(n int) uint32 { r := __dream_i32_Seek(int32(n)); return r }'
  )
  assert.equal(int32Import('func Get(id uint32, p *uint32) (error errno.Error)'), undefined)
  assert.equal(int32Import('func Two(a, b int)'), undefined)
  assert.equal(int32Import('func Body(n int) int { return n }'), undefined)
})
