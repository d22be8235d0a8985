import { useThree } from '@react-three/fiber'
import { useEffect } from 'react'
import * as THREE from 'three'
import type { Controller } from '../app/controller'
import { pickNearest } from './picking'
import type { SceneBuffers } from './sceneBuffers'

/** How close (CSS pixels) the cursor must be to a point to hover or pick it. */
const PICK_RADIUS_PX = 14
/** A press that moves further than this is an orbit drag, not a click. */
const CLICK_SLOP_PX = 5

/** Hover and click picking in screen space, on the DOM events of the canvas. */
export function Picker({ controller, buffers }: { controller: Controller; buffers: SceneBuffers }) {
  const camera = useThree((s) => s.camera)
  const dom = useThree((s) => s.gl.domElement)
  useEffect(() => {
    const m = new THREE.Matrix4()
    let down: [number, number] | null = null
    const pick = (e: PointerEvent) => {
      const rect = dom.getBoundingClientRect()
      m.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse)
      const i = pickNearest(
        buffers.display,
        buffers.n,
        m.elements,
        rect.width,
        rect.height,
        e.clientX - rect.left,
        e.clientY - rect.top,
        PICK_RADIUS_PX,
      )
      return i < 0 ? null : i
    }
    const onMove = (e: PointerEvent) => {
      if (e.buttons) return
      const i = pick(e)
      if (controller.store.getState().hovered !== i) controller.store.setState({ hovered: i })
      dom.style.cursor = i === null ? 'grab' : 'pointer'
    }
    const onDown = (e: PointerEvent) => (down = [e.clientX, e.clientY])
    const onUp = (e: PointerEvent) => {
      if (!down || Math.hypot(e.clientX - down[0], e.clientY - down[1]) > CLICK_SLOP_PX) return
      down = null
      controller.selectIndex(pick(e))
    }
    const onLeave = () => controller.store.setState({ hovered: null })
    dom.addEventListener('pointermove', onMove)
    dom.addEventListener('pointerdown', onDown)
    dom.addEventListener('pointerup', onUp)
    dom.addEventListener('pointerleave', onLeave)
    return () => {
      dom.removeEventListener('pointermove', onMove)
      dom.removeEventListener('pointerdown', onDown)
      dom.removeEventListener('pointerup', onUp)
      dom.removeEventListener('pointerleave', onLeave)
    }
  }, [camera, dom, buffers, controller])
  return null
}
