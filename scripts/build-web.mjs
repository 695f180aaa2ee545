// Bundles the web console (web/) into dist/web/ with esbuild: one ES module, its CSS and index.html, served by
// the daemon at `/` with no CDN. Run by `npm run build` (and so by `npm ci` through prepare).
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { build } from 'esbuild'

const out = 'dist/web'
// Chunk names carry a hash: start empty so that no stale chunk stays behind.
await rm(out, { recursive: true, force: true })
await mkdir(out, { recursive: true })
await build({
  entryPoints: { console: 'web/src/main.ts' },
  bundle: true,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  outdir: out,
  inject: ['web/src/buffer-shim.ts'],
  logLevel: 'warning'
})
await copyFile('web/index.html', `${out}/index.html`)
await copyFile('web/console.css', `${out}/console.css`)
