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

test('an unnamed result is returned, grouped names take their type, and imports without int are left alone', () => {
  assert.equal(
    int32Import('func Seek(n int) uint32'),
    'func __dream_i32_Seek(n int32) uint32; func Seek(n int) uint32 { r := __dream_i32_Seek(int32(n)); return r }'
  )
  assert.equal(int32Import('func Get(id uint32, p *uint32) (error errno.Error)'), undefined)
  assert.equal(
    int32Import('func Two(a, b int)'),
    'func __dream_i32_Two(a int32, b int32) ; func Two(a, b int)  { __dream_i32_Two(int32(a), int32(b)) }'
  )
  assert.equal(int32Import('func Body(n int) int { return n }'), undefined)
})

test('a []byte parameter of a declaration over several lines becomes pointer, length and capacity', () => {
  const src = [
    '//go:wasm-module taubyte/sdk',
    '//export putGlobalValue',
    'func PutGlobalValue(',
    '\tname string,',
    '\tapplication, function uint32,',
    '\tvalue []byte,',
    ') (error errno.Error)',
    'var after = 1'
  ].join('\n')
  const out = adaptDirectives(src).split('\n')
  assert.equal(out.length, 8, 'line numbers stay')
  assert.equal(
    out[2],
    'func __dream_i32_PutGlobalValue(name string, application uint32, function uint32, valuePtr *byte, ' +
      'valueLen uint32, valueCap uint32) (error errno.Error); func PutGlobalValue(name string, application, ' +
      'function uint32, value []byte) (error errno.Error) { var t3 *byte; if cap(value) > 0 { t3 = ' +
      '&value[:cap(value)][0] }; error = __dream_i32_PutGlobalValue(name, application, function, t3, ' +
      'uint32(len(value)), uint32(cap(value))); return }'
  )
  assert.deepEqual(out.slice(3, 8), ['', '', '', '', 'var after = 1'])
})

test('a func with a body under the import directives stays a plain func', () => {
  const src = ['//go:wasm-module taubyte/sdk', '//export fifoClose', 'func FifoClose(id uint32) {}'].join('\n')
  assert.deepEqual(adaptDirectives(src).split('\n'), ['', '', 'func FifoClose(id uint32) {}'])
})
