import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { PerspectiveCamera } from 'three'
import { mulberry32 } from '../src/model/training/random'
import { crowdScale, POINT_SIZE } from '../src/viz/highlight'
import { LAYOUT_RADIUS } from '../src/viz/layout'
import { CATEGORY_COLORS, hexToRgb } from '../src/viz/palette'
import { ScreenIndex } from '../src/viz/pickIndex'
import { pickNearest, toScreen } from '../src/viz/picking'
import { startSession, type Session } from '../test/e2e/browser'
import { gaussianClusters, ms } from './data'
import type { Row } from './node'

/** Point counts the orbit is timed at. */
const SIZES = [10_000, 50_000, 100_000]
/** Seconds of orbiting before counting (shader compile, first uploads, layout easing). */
const WARM_UP_S = 1
/** Seconds of orbiting counted. */
const WINDOW_S = 4
/** Windows per page, taken in turns with the other page so that load from other processes hits both alike. */
const ROUNDS = 3
const VIEWPORT = { width: 1280, height: 720 }

/** What each bench page offers to the measuring code, whichever page it is. */
interface BenchWindow {
  sampleFps: typeof sampleFps
  orbit(on: boolean): void
  frameCount(): number
}

/** Frames per second while the camera orbits, in the app and in a bare three.js page with the same points. */
export async function renderBench(): Promise<Row[]> {
  const session = await startSession()
  const rows: Row[] = []
  try {
    for (const n of SIZES) {
      const { data, labels } = gaussianClusters(n, 3, 10, n)
      const app = await openApp(session, data, n)
      const bare = await openBare(session, app.layout, labels, app.canvas)
      const ours: number[] = []
      const base: number[] = []
      for (let r = 0; r < ROUNDS; r++) {
        ours.push(await orbitFps(app.page))
        base.push(await orbitFps(bare))
      }
      await Promise.all([app.page.close(), bare.close()])
      if (app.errors.length) throw new Error(`The app threw: ${app.errors.join('; ')}`)
      const [o, b] = [median(ours), median(base)]
      rows.push({
        figure: `fps orbiting, ${n.toLocaleString('en')} points`,
        ours: o.toFixed(1),
        baseline: b.toFixed(1),
        note: `${((100 * o) / b).toFixed(0)}% of a bare three.js page (target ≥ 80%); median of ${ROUNDS} × ${WINDOW_S} s (ours ${span(ours)}, bare ${span(base)}); ${app.canvas.width}×${app.canvas.height} canvas, SwiftShader`,
      })
    }
  } finally {
    await session.close()
  }
  return rows
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const span = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`

type Canvas = { width: number; height: number }

async function newPage(session: Session): Promise<Page> {
  const page = await session.browser.newPage({ viewport: VIEWPORT })
  // tsx (esbuild keepNames) wraps named functions in the evaluate callbacks with __name().
  await page.addInitScript({ content: 'globalThis.__name = (f) => f' })
  await page.addInitScript({ content: `globalThis.sampleFps = ${sampleFps.toString()}` })
  return page
}

/**
 * Runs in the page: the frame rate of a frame counter over `seconds` after `warmUp` seconds,
 * timed from the animation frames at which the count changed, so a page that draws only a few
 * frames in the window is not rounded to whole frames.
 */
async function sampleFps(count: () => number, warmUp: number, seconds: number): Promise<number> {
  await new Promise((r) => setTimeout(r, warmUp * 1000))
  const marks: Array<[number, number]> = [[performance.now(), count()]]
  let on = true
  const poll = (t: number) => {
    const f = count()
    if (f !== marks[marks.length - 1][1]) marks.push([t, f])
    if (on) requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
  await new Promise((r) => setTimeout(r, seconds * 1000))
  on = false
  const [t0, f0] = marks[Math.min(1, marks.length - 1)]
  const [t1, f1] = marks[marks.length - 1]
  return marks.length < 3 ? (f1 - marks[0][1]) / seconds : (f1 - f0) / ((t1 - t0) / 1000)
}

/** Orbits the camera for a warm-up and a window; the page sits idle before and after. */
export async function orbitFps(page: Page): Promise<number> {
  await page.bringToFront()
  return page.evaluate(
    async ({ warmUp, seconds }) => {
      const w = window as unknown as BenchWindow
      w.orbit(true)
      const fps = await w.sampleFps(() => w.frameCount(), warmUp, seconds)
      w.orbit(false)
      return fps
    },
    { warmUp: WARM_UP_S, seconds: WINDOW_S },
  )
}

/** The app with n 3-D points loaded as a vectors TSV and shown with PCA 3D, settled and idle. */
export async function openApp(session: Session, data: Float32Array, n: number) {
  const page = await newPage(session)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(session.url)
  await page.waitForFunction(() => window.embeddingExplorer?.state().status === 'ready', null, {
    timeout: 120_000,
  })
  const lines: string[] = []
  for (let i = 0; i < n; i++)
    lines.push(Array.from(data.subarray(i * 3, i * 3 + 3), (v) => v.toFixed(4)).join('\t'))
  const shown = await page.evaluate(
    async ({ name, text, n }) => {
      const api = window.embeddingExplorer
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
      await api.loadFiles([{ name, text }])
      api.setProjection({ method: 'pca', dims: 3 })
      const deadline = performance.now() + 60_000
      const shown = () => {
        const s = api.state()
        return s.projection.method === 'pca' && s.projection.dims === 3 && s.status === 'ready'
      }
      while (!(shown() && api.positions().data.length === n * 3)) {
        if (performance.now() > deadline) throw new Error(`PCA of ${n} points did not show`)
        await sleep(50)
      }
      // Let the layout easing finish: with frameloop="demand" the frame count then stops.
      for (let last = -1; api.frames() !== last && performance.now() < deadline;) {
        last = api.frames()
        await sleep(300)
      }
      const w = window as unknown as BenchWindow
      w.orbit = (on) => api.setView({ autoRotate: on })
      w.frameCount = () => api.frames()
      const canvas = document.querySelector('[data-testid="scene"] canvas') as HTMLCanvasElement
      return {
        canvas: { width: canvas.clientWidth, height: canvas.clientHeight },
        layout: Array.from(api.positions().data),
      }
    },
    { name: `points-${n}.tsv`, text: lines.join('\n'), n },
  )
  return { page, errors, ...shown }
}

const BARE_HTML = `<!doctype html>
<html><head><style>html, body { margin: 0; background: #10131a; overflow: hidden }</style></head>
<body><script type="module">
import * as THREE from './three.module.js'
window.THREE = THREE
</script></body></html>`

/**
 * The app's layout of the same points in a bare three.js page (no React, no app code): one
 * THREE.Points with per-point colours and a camera that orbits at the app's starting distance,
 * one render per animation frame while orbiting.
 */
export async function openBare(
  session: Session,
  layout: number[],
  labels: Int32Array,
  canvas: Canvas,
): Promise<Page> {
  const page = await newPage(session)
  // The preview server serves only dist/: hand three's ES build to the page from node_modules.
  await page.route(`${session.url}__bench/**`, (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop() ?? ''
    if (file === 'bare.html') return route.fulfill({ body: BARE_HTML, contentType: 'text/html' })
    if (file === 'three.module.js' || file === 'three.core.js')
      return route.fulfill({
        path: resolve('node_modules/three/build', file),
        contentType: 'text/javascript',
      })
    return route.fulfill({ status: 404 })
  })
  await page.goto(`${session.url}__bench/bare.html`)
  await page.waitForFunction(() => 'THREE' in window)
  // Centred and scaled to the app's RMS radius, as its layout normalisation does.
  const n = labels.length
  const mean = [0, 1, 2].map((k) => layout.reduce((s, v, i) => (i % 3 === k ? s + v : s), 0) / n)
  let sq = 0
  for (let i = 0; i < n * 3; i++) sq += (layout[i] - mean[i % 3]) ** 2
  const scale = LAYOUT_RADIUS / Math.sqrt(sq / n)
  const positions = layout.map((v, i) => (v - mean[i % 3]) * scale)
  const colors = Array.from(labels).flatMap((c) => hexToRgb(CATEGORY_COLORS[c]))
  await page.evaluate(
    ({ positions, colors, canvas, pointSize }) => {
      const THREE = (window as unknown as { THREE: typeof import('three') }).THREE
      const renderer = new THREE.WebGLRenderer({ antialias: true })
      renderer.setPixelRatio(Math.min(devicePixelRatio, 2))
      renderer.setSize(canvas.width, canvas.height)
      renderer.setClearColor('#10131a')
      // The app's point shader writes its colours as they are. three's built-in materials convert
      // each fragment to sRGB (a pow per channel), which alone costs SwiftShader about a third of
      // the frame rate at 100k points, so the bare page writes linear output too: like for like.
      renderer.outputColorSpace = THREE.LinearSRGBColorSpace
      document.body.appendChild(renderer.domElement)
      const camera = new THREE.PerspectiveCamera(50, canvas.width / canvas.height, 0.01, 100)
      const geometry = new THREE.BufferGeometry()
      geometry.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3))
      geometry.setAttribute('color', new THREE.Float32BufferAttribute(colors, 3))
      const material = new THREE.PointsMaterial({
        size: pointSize,
        sizeAttenuation: true,
        vertexColors: true,
      })
      const scene = new THREE.Scene()
      scene.add(new THREE.Points(geometry, material))
      let frames = 0
      let angle = 0
      let last = 0
      let next = 0
      const frame = (now: number) => {
        angle += ((now - (last || now)) / 40_000) * 2 * Math.PI // a turn in 40 s, as the app's
        last = now
        camera.position.set(5.2 * Math.sin(angle), 0, 5.2 * Math.cos(angle))
        camera.lookAt(0, 0, 0)
        renderer.render(scene, camera)
        frames++
        next = requestAnimationFrame(frame)
      }
      const w = window as unknown as BenchWindow
      w.frameCount = () => frames
      w.orbit = (on) => {
        cancelAnimationFrame(next)
        last = 0
        if (on) next = requestAnimationFrame(frame)
      }
      camera.position.set(0, 0, 5.2)
      renderer.render(scene, camera) // compiles the shader and uploads the points, as the app has
    },
    {
      positions,
      colors,
      canvas,
      // PointsMaterial scales size by half the drawing-buffer height per unit of depth; the app's
      // shader by the focal length in pixels (height / 2 / tan(fov / 2)). This makes the same
      // on-screen diameter, so both pages fill the same pixels (the app shrinks points in big
      // clouds by crowdScale(n), so the bare page does too).
      pointSize: (POINT_SIZE * crowdScale(positions.length / 3)) / Math.tan((25 * Math.PI) / 180),
    },
  )
  return page
}

/** Node: the item under the cursor at 100k points, the screen grid next to projecting every point. */
export function pickBench(): Row[] {
  const n = 100_000
  const { width, height } = VIEWPORT
  const random = mulberry32(7)
  const positions = new Float32Array(n * 3)
  for (let i = 0; i < n; i++) {
    // Uniform in a ball of radius LAYOUT_RADIUS (rejection sampling from the cube).
    let x, y, z
    do [x, y, z] = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1]
    while (x * x + y * y + z * z > 1)
    positions.set([x * LAYOUT_RADIUS, y * LAYOUT_RADIUS, z * LAYOUT_RADIUS], i * 3)
  }
  const camera = new PerspectiveCamera(50, width / height, 0.01, 100)
  camera.position.set(0, 0, 5.2)
  camera.lookAt(0, 0, 0)
  camera.updateMatrixWorld()
  const vp = camera.projectionMatrix.clone().multiply(camera.matrixWorldInverse).elements
  const radius = 14
  const cellPx = 16
  const queries = 2000
  // Half anywhere on the canvas, half within a radius of a random point (hovering over the cloud,
  // where the grid's cells are fullest).
  const cursors = Array.from({ length: queries }, (_, q) => {
    if (q % 2 === 0) return [random() * width, random() * height]
    const [x, y] = toScreen(positions, Math.floor(random() * n) * 3, vp, width, height) ?? [0, 0]
    return [x + (random() * 2 - 1) * radius, y + (random() * 2 - 1) * radius]
  })
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]

  const index = new ScreenIndex()
  const builds: number[] = []
  for (let k = 0; k < 23; k++) {
    const t0 = performance.now()
    index.build(positions, n, vp, width, height, cellPx)
    if (k >= 3) builds.push(performance.now() - t0) // the first few warm the JIT up
  }
  const time = (pick: (x: number, y: number) => number) => {
    for (const [x, y] of cursors.slice(0, 200)) pick(x, y) // warm-up
    const times: number[] = []
    const found: number[] = []
    for (const [x, y] of cursors) {
      const t0 = performance.now()
      found.push(pick(x, y))
      times.push(performance.now() - t0)
    }
    const overCloud = times.filter((_, q) => q % 2 === 1)
    return { ms: median(times), overCloud: median(overCloud), found }
  }
  const base = time((x, y) => pickNearest(positions, n, vp, width, height, x, y, radius))
  const ours = time((x, y) => index.pick(x, y, radius))
  const agree = ours.found.filter((f, i) => f === base.found[i]).length
  const hits = base.found.filter((f) => f >= 0).length
  const build = median(builds)
  return [
    {
      figure: 'pick under cursor, 100,000 points (per query)',
      ours: `${(ours.ms * 1000).toFixed(1)} µs`,
      baseline: ms(base.ms),
      note: `×${(base.ms / ours.ms).toFixed(0)}; ScreenIndex.pick vs pickNearest, median of ${queries} cursors (over the cloud: ${(ours.overCloud * 1000).toFixed(1)} µs vs ${ms(base.overCloud)}), ${radius} px radius, ${cellPx} px cells`,
    },
    {
      figure: 'screen index build, 100,000 points',
      ours: ms(build),
      baseline: '–',
      note: `once per camera change; median of ${builds.length}; pays off after ${Math.ceil(build / (base.ms - ours.ms))} picks`,
    },
    {
      figure: 'pick agrees with pickNearest',
      ours: `${agree} / ${queries}`,
      baseline: `${queries} / ${queries}`,
      note: `${hits} cursors over a point, ${queries - hits} over empty space`,
    },
  ]
}
