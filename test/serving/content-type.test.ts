/** The Content-Type substrate gives a response that set none, as Go's http.DetectContentType would. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sniffContentType } from '../../src/services/substrate/websites/content-type.js'

const sniff = (s: string | number[]): string =>
  sniffContentType(typeof s === 'string' ? new TextEncoder().encode(s) : Uint8Array.from(s))

test('text, including JSON and UTF-8, is text/plain; charset=utf-8', () => {
  for (const s of ['PONG', '{"a": 1}', 'héllo 🌍\n', '\t line\r\n'])
    assert.equal(sniff(s), 'text/plain; charset=utf-8', s)
})

test('HTML by its opening tag, in any case and after white space; XML by its declaration', () => {
  for (const s of ['<!DOCTYPE html><p>x', '  \n<html>', '<HEAD >', '<p>hi</p>', '<!-- c -->'])
    assert.equal(sniff(s), 'text/html; charset=utf-8', s)
  assert.equal(sniff('<?xml version="1.0"?><a/>'), 'text/xml; charset=utf-8')
  // Not a known tag, or a tag name that merely starts like one: text.
  assert.equal(sniff('<pre>'), 'text/plain; charset=utf-8')
  assert.equal(sniff('<x>'), 'text/plain; charset=utf-8')
})

test('binary signatures, and control bytes mean binary', () => {
  assert.equal(sniff([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png')
  assert.equal(sniff('GIF89a...'), 'image/gif')
  assert.equal(sniff([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg')
  assert.equal(sniff('%PDF-1.7'), 'application/pdf')
  assert.equal(sniff([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 'application/wasm')
  assert.equal(sniff([0x61, 0x62, 0x00, 0x63]), 'application/octet-stream')
  assert.equal(sniff([0x01]), 'application/octet-stream')
})

test('only the first 512 bytes are looked at', () => {
  assert.equal(sniff(`${'a'.repeat(512)}\u0000`), 'text/plain; charset=utf-8')
})
