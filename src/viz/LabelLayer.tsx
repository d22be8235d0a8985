import { useFrame } from '@react-three/fiber'
import { type RefObject, useLayoutEffect, useMemo } from 'react'
import * as THREE from 'three'
import type { SceneBuffers } from './sceneBuffers'
import { toScreen } from './picking'

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
    indices.forEach((index, i) => {
      const el = elements[i]
      if (!el) return
      const at =
        index < buffers.n
          ? toScreen(buffers.display, index * 3, m, state.size.width, state.size.height)
          : null
      el.style.visibility = at ? 'visible' : 'hidden'
      if (at) el.style.transform = `translate(${at[0].toFixed(1)}px, ${at[1].toFixed(1)}px)`
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
}: {
  slots: RefObject<LabelSlots>
  indices: number[]
  labels: string[]
  highlighted: number[]
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
          className={`scene-label${highlighted[0] === index ? ' selected' : ''}`}
          style={{ visibility: 'hidden' }}
        >
          <span>{labels[index]}</span>
        </div>
      ))}
    </div>
  )
}

export const LabelLayer = { Updater, Labels }
