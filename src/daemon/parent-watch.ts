/** How often the foreground daemon checks that the process which started it is still there. */
const CHECK_MS = 1_000

/**
 * Calls `onGone` once when this process is re-parented (the shell, `npx` or test runner that started it has
 * gone without passing a signal on), so the daemon does not live on holding its ports. stop() ends the watch.
 */
export function watchParent(onGone: () => void): { stop: () => void } {
  const first = process.ppid
  const timer = setInterval(() => {
    if (process.ppid !== first) {
      clearInterval(timer)
      onGone()
    }
  }, CHECK_MS)
  timer.unref()
  return {
    stop: () => {
      clearInterval(timer)
    }
  }
}
