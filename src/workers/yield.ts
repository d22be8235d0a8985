/** Resolves after queued messages had a chance to run: a MessageChannel round trip, which, unlike setTimeout(0), is not clamped to 4 ms when nested. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel()
    port1.onmessage = () => {
      port1.close()
      resolve()
    }
    port2.postMessage(null)
  })
}
