import type { CDPSession, Page } from 'playwright-core'
import { startSession } from '../test/e2e/browser'
import { gaussianClusters, ms } from './data'
import type { Row } from './node'
import { openApp, openBare, orbitFps } from './render'

/** Points in the profiled cloud. */
const N = 100_000

/** One complete ('X') event of a Chrome trace, with the fields used here. */
interface TraceEvent {
  ph: string
  name: string
  pid: number
  tid: number
  dur?: number
  args?: { name?: string }
}

/**
 * Where a frame's time goes while orbiting 100,000 points, in the app and in the bare three.js
 * page: a Chrome trace (CDP `Tracing`, all processes) of one orbit window each, summed per thread
 * kind and divided by the frames the page drew. The renderer's main thread runs the page's
 * JavaScript (for the app: React Three Fiber's frame loop and the scene's useFrame callbacks);
 * the GPU process's main thread runs WebGL (SwiftShader here) and composites the page.
 */
export async function renderProfileBench(): Promise<Row[]> {
  const session = await startSession()
  try {
    const { data, labels } = gaussianClusters(N, 3, 10, N)
    const app = await openApp(session, data, N)
    const bare = await openBare(session, app.layout, labels, app.canvas)
    const cdp = await session.browser.newBrowserCDPSession()
    const ours = await profileOrbit(cdp, app.page)
    const base = await profileOrbit(cdp, bare)
    await Promise.all([app.page.close(), bare.close()])
    const per = (p: Profile, ms: number) => ms / Math.max(p.frames, 1)
    const note = `${N.toLocaleString('en')} points; ours ${ours.fps.toFixed(1)} fps, bare ${base.fps.toFixed(1)} fps while traced; busy time of the thread ÷ frames drawn`
    return [
      {
        figure: 'per frame, orbiting: page main thread (JS, r3f, useFrame)',
        ours: ms(per(ours, ours.rendererMs)),
        baseline: ms(per(base, base.rendererMs)),
        note,
      },
      {
        figure: 'per frame, orbiting: GPU process (SwiftShader draw, composite)',
        ours: ms(per(ours, ours.gpuMs)),
        baseline: ms(per(base, base.gpuMs)),
        note: 'the frame rate follows this one: the main thread is mostly idle',
      },
    ]
  } finally {
    await session.close()
  }
}

interface Profile {
  fps: number
  frames: number
  rendererMs: number
  gpuMs: number
}

async function profileOrbit(cdp: CDPSession, page: Page): Promise<Profile> {
  const events: TraceEvent[] = []
  const collect = (e: { value: unknown[] }) => events.push(...(e.value as TraceEvent[]))
  cdp.on('Tracing.dataCollected', collect)
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', '__metadata'] },
  })
  const framesBefore = await page.evaluate(() =>
    (window as unknown as { frameCount(): number }).frameCount(),
  )
  const fps = await orbitFps(page)
  const frames =
    (await page.evaluate(() => (window as unknown as { frameCount(): number }).frameCount())) -
    framesBefore
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
  await cdp.send('Tracing.end')
  await done
  cdp.off('Tracing.dataCollected', collect)
  const process = new Map<number, string>()
  const thread = new Map<string, string>()
  for (const e of events)
    if (e.ph === 'M' && e.name === 'process_name') process.set(e.pid, e.args?.name ?? '')
    else if (e.ph === 'M' && e.name === 'thread_name')
      thread.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  let rendererMs = 0
  let gpuMs = 0
  for (const e of events) {
    // Top-level tasks only (nested ones are inside them).
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || e.dur === undefined) continue
    const t = thread.get(`${e.pid}:${e.tid}`)
    const p = process.get(e.pid)
    if (p === 'Renderer' && t === 'CrRendererMain') rendererMs += e.dur / 1000
    if (p === 'GPU Process' && t === 'CrGpuMain') gpuMs += e.dur / 1000
  }
  return { fps, frames, rendererMs, gpuMs }
}
