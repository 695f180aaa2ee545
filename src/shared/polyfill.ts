/**
 * libp2p 3 (it-queue, mortice, yamux, ping, @libp2p/utils) calls Promise.withResolvers, which first shipped in
 * Node 22. This side-effect module must be imported before anything from libp2p runs.
 */
interface WithResolvers {
  withResolvers?: unknown
}

if (typeof (Promise as unknown as WithResolvers).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (v: T | PromiseLike<T>) => void
      let reject!: (e: unknown) => void
      const promise = new this<T>((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    }
  })
}

export {}
