import { useThree } from '@react-three/fiber'
import { type RefObject, useEffect, useRef } from 'react'
import * as THREE from 'three'
import { rectFromDrag, simplifyPath } from './lasso'
import { isHidden } from './layout'
import { ScreenIndex } from './pickIndex'
import { toScreen } from './picking'
import type { SceneBuffers } from './sceneBuffers'
import type { SceneOutputs } from './sceneOutputs'
import type { SelectTool } from './types'

/** How close (CSS pixels) the cursor must be to a point to hover or pick it. */
export const PICK_RADIUS_PX = 14
/** A press that moves further than this is a drag (orbit, lasso), not a click. */
const CLICK_SLOP_PX = 5
/** Lasso points closer than this to the previous one are dropped. */
const LASSO_STEP_PX = 3

/** What the picker reports, and the state it reports against. */
export interface PickerEvents {
  /** The item hovered now, as the host knows it: a move reports only a change from it. */
  hovered: number | null
  /** Points are drawn as thumbnails, so they can be picked from further away. */
  images: boolean
  selectTool: SelectTool
  /** The pointer is over item `index` (null: none) at `at` (CSS px in the canvas; null: left it). */
  onHover(index: number | null, at: [number, number] | null): void
  /** A click on an item (null: on empty space); `add` for shift/ctrl/cmd-click. */
  onPick(index: number | null, opts: { add: boolean }): void
  /** A lasso or box (2D) closed around these items. */
  onSelectMany(indices: number[], opts: { add: boolean }): void
}

/**
 * Hover, click, shift-click and (in 2D) lasso or box selection, on the DOM events of the canvas.
 * Points are found through a screen-space grid index, rebuilt only when the camera, the canvas
 * size, the drawn layout or the visible set changed: hovering over a still plot of 100,000 points
 * looks at a handful of grid cells, not at every point.
 */
export function Picker({
  outputs,
  buffers,
  visible,
  dims,
  overlay,
  ...events
}: {
  /** Where `project` is published for the scene handle. */
  outputs: SceneOutputs
  buffers: SceneBuffers
  /** Items left visible by "Isolate" (1 = shown), or null for all. */
  visible: Uint8Array | null
  dims: 2 | 3
  /** An SVG over the canvas where the lasso or box is drawn while dragging. */
  overlay: RefObject<SVGSVGElement | null>
} & PickerEvents) {
  const camera = useThree((s) => s.camera)
  const dom = useThree((s) => s.gl.domElement)
  // The newest props for the DOM listeners, so a new callback or hover does not rebuild the index.
  const latest = useRef(events)
  useEffect(() => {
    latest.current = events
  })
  useEffect(() => {
    // A fresh index per visible set (and camera, canvas, layout): a changed isolation can
    // never leave a stale index that still picks hidden points.
    const index = new ScreenIndex()
    const m = new THREE.Matrix4()
    let down: { x: number; y: number; path: Array<[number, number]>; moved: boolean } | null = null
    const local = (e: PointerEvent): [number, number] => {
      const rect = dom.getBoundingClientRect()
      return [e.clientX - rect.left, e.clientY - rect.top]
    }
    /** The index, brought up to date with what is drawn now. */
    const current = () => {
      const rect = dom.getBoundingClientRect()
      m.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse)
      const key = buffers.revision
      if (!index.isCurrent(m.elements, rect.width, rect.height, key))
        index.build(
          buffers.display,
          buffers.n,
          m.elements,
          rect.width,
          rect.height,
          PICK_RADIUS_PX,
          visible,
          key,
        )
      return index
    }
    const pick = (e: PointerEvent) => {
      const [x, y] = local(e)
      // Thumbnails are drawn several times larger than dots: reach as far as they show.
      const radius = latest.current.images ? PICK_RADIUS_PX * 2 : PICK_RADIUS_PX
      const i = current().pick(x, y, radius)
      return i < 0 ? null : i
    }
    const draw = (path: Array<[number, number]> | null) => {
      const svg = overlay.current
      if (!svg) return
      const shape = svg.firstElementChild as SVGPolygonElement | null
      if (!shape) return
      if (!path || path.length < 2) return shape.setAttribute('points', '')
      const tool = latest.current.selectTool
      const pts =
        tool === 'box' ? boxCorners(path[0], path[path.length - 1]) : (path as [number, number][])
      shape.setAttribute(
        'points',
        pts.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(' '),
      )
    }
    const onMove = (e: PointerEvent) => {
      if (down && e.buttons === 1) {
        const p = local(e)
        // A lasso may end where it began: what makes it a drag is having gone anywhere.
        if (Math.hypot(p[0] - down.x, p[1] - down.y) > CLICK_SLOP_PX) down.moved = true
        if (dims !== 2) return
        down.path = simplifyPath([...down.path, p], LASSO_STEP_PX)
        draw(down.path)
        return
      }
      if (e.buttons) return
      const i = pick(e)
      if (latest.current.hovered !== i) {
        // Until the host renders the change, this is the hover it knows: report it once.
        latest.current.hovered = i
        latest.current.onHover(i, local(e))
      }
      dom.style.cursor = i === null ? (dims === 2 ? 'crosshair' : 'grab') : 'pointer'
    }
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) return
      const [x, y] = local(e)
      down = { x, y, path: [[x, y]], moved: false }
    }
    const onUp = (e: PointerEvent) => {
      const d = down
      down = null
      draw(null)
      if (!d || e.button !== 0) return
      const [x, y] = local(e)
      const add = e.shiftKey || e.metaKey || e.ctrlKey
      if (!d.moved && Math.hypot(x - d.x, y - d.y) <= CLICK_SLOP_PX) {
        const i = pick(e)
        if (i === null && add) return
        return latest.current.onPick(i, { add })
      }
      if (dims !== 2) return // a 3D drag orbits the camera
      const tool = latest.current.selectTool
      const found =
        tool === 'box'
          ? current().inRect(d.x, d.y, x, y)
          : d.path.length >= 3
            ? current().inPolygon([...d.path, [x, y]])
            : []
      latest.current.onSelectMany(found, { add })
    }
    const onLeave = () => latest.current.onHover(null, null)
    outputs.project = (i) => {
      if (i < 0 || i >= buffers.n || (visible && !visible[i]) || isHidden(buffers.display[i * 3]))
        return null
      const rect = dom.getBoundingClientRect()
      m.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse)
      return toScreen(buffers.display, i * 3, m.elements, rect.width, rect.height)
    }
    dom.addEventListener('pointermove', onMove)
    dom.addEventListener('pointerdown', onDown)
    dom.addEventListener('pointerup', onUp)
    dom.addEventListener('pointerleave', onLeave)
    return () => {
      dom.removeEventListener('pointermove', onMove)
      dom.removeEventListener('pointerdown', onDown)
      dom.removeEventListener('pointerup', onUp)
      dom.removeEventListener('pointerleave', onLeave)
      outputs.project = null
    }
  }, [camera, dom, buffers, outputs, visible, dims, overlay])
  return null
}

function boxCorners(a: [number, number], b: [number, number]): Array<[number, number]> {
  const r = rectFromDrag(a, b)
  return [
    [r.x0, r.y0],
    [r.x1, r.y0],
    [r.x1, r.y1],
    [r.x0, r.y1],
  ]
}
