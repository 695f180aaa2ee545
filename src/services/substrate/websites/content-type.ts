/**
 * The Content-Type of a function response that did not set one, sniffed from its first bytes the way Go's
 * `http.DetectContentType` does for the cases functions produce (tau's substrate is a Go `net/http` server,
 * so this is what the same function answers there): HTML and XML by their opening tag, a few binary
 * signatures, otherwise text unless a control byte says binary.
 */
const SNIFF_LEN = 512

/** Tags that make a body HTML when it starts with one (after white space), followed by a space or `>`. */
const HTML_TAGS = [
  '<!doctype html',
  '<html',
  '<head',
  '<script',
  '<iframe',
  '<h1',
  '<div',
  '<font',
  '<table',
  '<a',
  '<style',
  '<title',
  '<b',
  '<body',
  '<br',
  '<p',
  '<!--'
]

const SIGNATURES: Array<[string, string]> = [
  ['%PDF-', 'application/pdf'],
  ['\x89PNG\r\n\x1a\n', 'image/png'],
  ['GIF87a', 'image/gif'],
  ['GIF89a', 'image/gif'],
  ['\xff\xd8\xff', 'image/jpeg'],
  ['\x00asm', 'application/wasm'],
  ['\x1f\x8b\x08', 'application/x-gzip'],
  ['PK\x03\x04', 'application/zip']
]

const TEXT = 'text/plain; charset=utf-8'

function startsWith(b: Uint8Array, at: number, sig: string, ignoreCase: boolean): boolean {
  if (b.length - at < sig.length) return false
  for (let i = 0; i < sig.length; i++) {
    let c = b[at + i] ?? 0
    if (ignoreCase && c >= 0x41 && c <= 0x5a) c += 0x20
    if (c !== sig.charCodeAt(i)) return false
  }
  return true
}

/** Bytes that never occur in text (Go's "binary data" bytes). */
function isBinaryByte(c: number): boolean {
  return c <= 0x08 || c === 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f)
}

export function sniffContentType(body: Uint8Array): string {
  const b = body.length > SNIFF_LEN ? body.subarray(0, SNIFF_LEN) : body
  for (const [sig, type] of SIGNATURES) if (startsWith(b, 0, sig, false)) return type
  let at = 0
  while (at < b.length && (b[at] === 0x20 || b[at] === 0x09 || b[at] === 0x0a || b[at] === 0x0c || b[at] === 0x0d)) at++
  if (b[at] === 0x3c) {
    // '<'
    for (const tag of HTML_TAGS) {
      if (startsWith(b, at, tag, true)) {
        const next = b[at + tag.length]
        if (next === 0x20 || next === 0x3e) return 'text/html; charset=utf-8'
      }
    }
    if (startsWith(b, at, '<?xml', false)) return 'text/xml; charset=utf-8'
  }
  for (const c of b) if (isBinaryByte(c)) return 'application/octet-stream'
  return TEXT
}
