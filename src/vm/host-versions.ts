/**
 * Version counters the node and its workers share, so that a worker may keep what a host call answered and use it
 * again, without asking, while the thing it came from is unchanged: the node gives each such thing (a database
 * replica) a slot, adds one to the slot's counter whenever it changes, and sends the slot and the counter's value
 * with its answer; a worker holding an answer uses it only while the counter still has that value. A slot freed
 * and given to another thing is counted up too, so an answer kept from the first never matches again.
 */

/** Slots in use at once at most; a thing finding none free is simply not kept by workers. */
const SLOTS = 4096

/** A slot and the value its counter had when the answer was made. */
export interface HostVersion {
  slot: number
  value: number
}

export class HostVersions {
  readonly buffer = new SharedArrayBuffer(SLOTS * 4)
  readonly #counters = new Int32Array(this.buffer)
  readonly #free: number[] = Array.from({ length: SLOTS }, (_, i) => SLOTS - 1 - i)

  /** A free slot, or undefined when all are taken. */
  take(): number | undefined {
    return this.#free.pop()
  }

  release(slot: number): void {
    this.changed(slot)
    this.#free.push(slot)
  }

  changed(slot: number): void {
    Atomics.add(this.#counters, slot, 1)
  }

  now(slot: number): HostVersion {
    return { slot, value: Atomics.load(this.#counters, slot) }
  }
}

/** A worker's view of the counters: whether an answer made at `v` still holds. */
export function stillCurrent(counters: Int32Array, v: HostVersion): boolean {
  return Atomics.load(counters, v.slot) === v.value
}
