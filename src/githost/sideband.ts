/**
 * What the git host adds to a push's answer: lines on git's side-band channel 2, which the pushing terminal
 * prints as `remote: ...`. receive-pack ends its output with a flush-pkt; with side-band the messages must come
 * before that last flush, so the flush is held back until they are written.
 */
import { Transform, type TransformCallback } from 'node:stream'
import type { RepoRecord } from './model.js'
import type { Delivery } from './webhooks.js'

const FLUSH = Buffer.from('0000')

/** Passes receive-pack's output through, minus its last four bytes (the final flush-pkt when there is one). */
export class HeldFlush extends Transform {
  #held = Buffer.alloc(0)
  #first: number | undefined

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const all = Buffer.concat([this.#held, chunk])
    // The fifth byte of the first pkt-line is its band number when side-band was negotiated (1, 2 or 3).
    if (this.#first === undefined && all.length >= 5) this.#first = all[4]
    const keep = Math.min(4, all.length)
    this.#held = all.subarray(all.length - keep)
    done(null, all.subarray(0, all.length - keep))
  }

  /** True when the output is side-band framed and ends with a flush: messages can go in before it. */
  get canAnnounce(): boolean {
    return this.#first !== undefined && this.#first >= 1 && this.#first <= 3 && this.#held.equals(FLUSH)
  }

  /** The held-back bytes, to write after any messages. */
  tail(): Buffer {
    return this.#held
  }
}

/** One side-band channel-2 pkt-line: progress text the client prints as `remote: <text>`. */
export function band2(text: string): Buffer {
  const payload = Buffer.concat([Buffer.from([2]), Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'utf8')])
  return Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, '0')), payload])
}

/** The console's repository names: tb_code_<p> → code, tb_website_<p>, tb_library_<p>, and tb_<p> → config. */
function kindOf(name: string): string {
  const m = /^tb_(code|website|library)_/.exec(name)
  return m?.[1] ?? (name.startsWith('tb_') ? 'config' : 'build')
}

/** The lines a push answers with: one per job the webhook receivers queued, or why one did not queue. */
export function pushAnswer(repo: RepoRecord, deliveries: Delivery[]): string[] {
  const out: string[] = []
  for (const d of deliveries) {
    const r = d.response as { Id?: unknown; Meta?: { after?: unknown }; code?: unknown; error?: unknown } | undefined
    if (d.status >= 200 && d.status < 300 && typeof r?.Id === 'string') {
      const commit = typeof r.Meta?.after === 'string' ? r.Meta.after.slice(0, 7) : ''
      out.push(`dream: ${kindOf(repo.name)} job ${r.Id} queued for ${repo.name}@${commit} — dream logs -f ${r.Id}`)
    } else if (d.status >= 200 && d.status < 300) {
    } else {
      const why = typeof r?.error === 'string' ? r.error : (d.error ?? `status ${d.status}`)
      out.push(`dream: no build for ${repo.name}: ${why}`)
    }
  }
  return out
}
