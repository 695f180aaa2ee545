import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseDuration, parseSize } from '../../src/compiler/index.js'

test('durations: Go duration strings to nanoseconds', () => {
  const table: Array<[unknown, number]> = [
    ['10s', 10_000_000_000],
    ['6m40s', 400_000_000_000],
    ['1h2m3.5s', 3_723_500_000_000],
    ['500ms', 500_000_000],
    ['100us', 100_000],
    ['100µs', 100_000],
    ['7ns', 7],
    ['1.5h', 5_400_000_000_000],
    ['.5s', 500_000_000],
    ['0', 0],
    [0, 0],
    ['-2s', -2_000_000_000]
  ]
  for (const [input, ns] of table) assert.deepEqual(parseDuration(input), { ok: true, value: ns }, String(input))
})

test('durations: invalid inputs are rejected', () => {
  for (const bad of ['', '10', 10, '10x', 's', '1h x', '1..5s', '.s', undefined, true, '9999999999h']) {
    assert.equal(parseDuration(bad).ok, false, String(bad))
  }
})

test('sizes: SI, IEC, plain bytes, case-insensitive', () => {
  const table: Array<[unknown, number]> = [
    ['10MB', 10_000_000],
    ['32MiB', 32 * 2 ** 20],
    ['1KB', 1000],
    ['1KiB', 1024],
    ['5GB', 5e9],
    ['2GiB', 2 * 2 ** 30],
    ['1TB', 1e12],
    ['1TiB', 2 ** 40],
    ['100B', 100],
    ['100', 100],
    [4096, 4096],
    ['10mb', 10_000_000],
    ['32mib', 32 * 2 ** 20],
    ['1.5GB', 1_500_000_000],
    [' 64 KB ', 64_000]
  ]
  for (const [input, bytes] of table) assert.deepEqual(parseSize(input), { ok: true, value: bytes }, String(input))
})

test('sizes: invalid inputs are rejected', () => {
  for (const bad of ['', 'MB', '10XB', '10 M B', '-5MB', -1, 1.5, null, '1e3']) {
    assert.equal(parseSize(bad).ok, false, String(bad))
  }
})
