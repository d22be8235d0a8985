import { useFrame } from '@react-three/fiber'
import { type RefObject, useLayoutEffect, useMemo } from 'react'
import * as THREE from 'three'
import type { SceneBuffers } from './sceneBuffers'
import { declutter } from './declutter'
import { toScreen } from './picking'

/** Gap between a point and its label; matches the translate in .scene-label span. */
const LABEL_OFFSET_PX = 10

/** The DOM label elements and the items they show; filled by Labels, positioned by Updater. */
export interface LabelSlots {
  elements: (HTMLDivElement | null)[]
  indices: number[]
}

/** Inside the canvas: moves each label to its point every frame by writing its transform. */
function Updater({ buffers, slots }: { buffers: SceneBuffers; slots: RefObject<LabelSlots> }) {
  const viewProjection = useMemo(() => new THREE.Matrix4(), [])
  useFrame((state) => {
    const { elements, indices } = slots.current
    const cam = state.camera
    const m = viewProjection.multiplyMatrices(cam.projectionMatrix, cam.matrixWorldInverse).elements
    const boxes = indices.map((index, i) => {
      const el = elements[i]
      const at =
        el && index < buffers.n
          ? toScreen(buffers.display, index * 3, m, state.size.width, state.size.height)
          : null
      if (!el || !at) return null
      // The label sits to the right of its point, vertically centred (see .scene-label in CSS).
      const span = el.firstElementChild as HTMLElement | null
      const width = span?.offsetWidth ?? 0
      const height = span?.offsetHeight ?? 0
      return { x: at[0] + LABEL_OFFSET_PX, y: at[1] - height / 2, width, height, at }
    })
    const visible = declutter(boxes)
    boxes.forEach((b, i) => {
      const el = elements[i]
      if (!el) return
      el.style.visibility = visible[i] ? 'visible' : 'hidden'
      if (b) el.style.transform = `translate(${b.at[0].toFixed(1)}px, ${b.at[1].toFixed(1)}px)`
    })
  })
  return null
}

/** Outside the canvas: one label per labelled item, as text (never HTML). */
function Labels({
  slots,
  indices,
  labels,
  highlighted,
  misleading,
}: {
  slots: RefObject<LabelSlots>
  indices: number[]
  labels: string[]
  highlighted: number[]
  misleading: number[]
}) {
  useLayoutEffect(() => {
    slots.current.indices = indices
  }, [slots, indices])
  return (
    <div className="label-layer" aria-hidden="true">
      {indices.map((index, i) => (
        <div
          key={index}
          ref={(el) => {
            slots.current.elements[i] = el
          }}
          className={`scene-label${highlighted[0] === index ? ' selected' : ''}${misleading.includes(index) ? ' misleading' : ''}`}
          style={{ visibility: 'hidden' }}
        >
          <span>{labels[index]}</span>
        </div>
      ))}
    </div>
  )
}

export const LabelLayer = { Updater, Labels }
