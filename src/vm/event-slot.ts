/**
 * The event an instance is running, found by the id the guest was given. An instance runs one call at a time, so
 * one slot is enough, and it allocates nothing per call: a long-lived Map that took one entry and lost it per call
 * had V8 reallocate its table every few calls, in the old generation where the Map lived, as garbage that only a
 * full GC collects (under load, tens of MB of the daemon's heap between full GCs).
 */
export class EventSlot<T> {
  #id = -1
  #value: T | undefined

  open(id: number, value: T): void {
    this.#id = id
    this.#value = value
  }

  get(id: number): T | undefined {
    return id === this.#id ? this.#value : undefined
  }

  close(): void {
    this.#id = -1
    this.#value = undefined
  }
}
