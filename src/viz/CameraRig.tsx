import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import type * as THREE from 'three'
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js'
import type { Session } from '../app/session'
import type { CameraRequest } from '../app/session/store'
import {
  boundingSphere,
  type CameraPose,
  DEFAULT_POSE,
  fitPose,
  frontPose,
  lerpPose,
  type Vec3,
} from './camera'
import { prefersReducedMotion } from './motion'
import type { SceneBuffers } from './sceneBuffers'

/** How long a camera move (fit, reset, 2D/3D switch) takes. */
const MOVE_MS = 450

/**
 * three's OrbitControls bound to the r3f camera, plus what the view asks of the camera: fit to
 * data or selection, reset, a shared link's pose, auto-rotate, and the 2D/3D switch (2D looks
 * straight down z and cannot rotate). Moves are animated unless the user prefers reduced motion.
 * Publishes the pose to `controller.live.camera` and counts drawn frames.
 */
export function CameraRig({
  controller,
  buffers,
  dims,
}: {
  controller: Session
  buffers: SceneBuffers
  dims: 2 | 3
}) {
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera
  const dom = useThree((s) => s.gl.domElement)
  const gl = useThree((s) => s.gl)
  const scene = useThree((s) => s.scene)
  const invalidate = useThree((s) => s.invalidate)
  const controls = useMemo(() => new OrbitControls(camera, dom), [camera, dom])
  const move = useRef<{ from: CameraPose; to: CameraPose; t0: number } | null>(null)
  const autoRotate = useRef(false)

  const handlers = useMemo(() => {
    const pose = (): CameraPose => ({
      position: camera.position.toArray() as Vec3,
      target: controls.target.toArray() as Vec3,
    })
    const goTo = (to: CameraPose) => {
      move.current = { from: pose(), to, t0: performance.now() }
      invalidate()
    }
    return { pose, goTo }
  }, [camera, controls, invalidate])

  useEffect(() => {
    controls.enableDamping = !prefersReducedMotion()
    controls.dampingFactor = 0.12
    controls.enableRotate = dims === 3
    controls.autoRotateSpeed = 1.5
    const onChange = () => invalidate()
    controls.addEventListener('change', onChange)
    return () => controls.removeEventListener('change', onChange)
  }, [controls, dims, invalidate])
  useEffect(() => () => controls.dispose(), [controls])
  // For "Picture of the plot": draw now and hand back the canvas, read in the same task (the
  // drawing buffer is not kept between frames, which keeps every frame cheaper).
  useEffect(() => {
    controller.live.capture = () => {
      gl.render(scene, camera)
      return gl.domElement
    }
    return () => {
      controller.live.capture = null
    }
  }, [controller, gl, scene, camera])

  // 2D: face the plane head-on (animated), so the flat layout is not seen at a slant.
  useEffect(() => {
    if (dims === 2) handlers.goTo(frontPose(handlers.pose()))
  }, [dims, handlers])

  useEffect(() => {
    const run = (req: CameraRequest | null) => {
      if (!req) return
      const { pose, goTo } = handlers
      if (req.kind === 'reset') return goTo(DEFAULT_POSE)
      if (req.kind === 'set' && req.position && req.target)
        return goTo({ position: req.position, target: req.target })
      const s = controller.store.getState()
      const indices =
        req.kind === 'fit-selection' ? (s.selection.length ? s.selection : null) : s.isolated
      const sphere = boundingSphere(buffers.target, buffers.n, indices)
      if (sphere) goTo(fitPose(sphere, pose(), camera.fov, camera.aspect))
    }
    return controller.store.subscribe((s, prev) => {
      if (s.camera !== prev.camera) run(s.camera)
      if (s.autoRotate !== prev.autoRotate) {
        autoRotate.current = s.autoRotate
        invalidate()
      }
    })
  }, [controller, buffers, camera, invalidate, handlers])

  useFrame(() => {
    const m = move.current
    if (m) {
      const t = prefersReducedMotion() ? 1 : (performance.now() - m.t0) / MOVE_MS
      const p = lerpPose(m.from, m.to, t)
      camera.position.set(...p.position)
      controls.target.set(...p.target)
      if (t >= 1) move.current = null
      invalidate()
    }
    controls.autoRotate = autoRotate.current && dims === 3 && !m
    controls.update()
    if (controls.autoRotate) invalidate()
    const live = controller.live
    live.camera = handlers.pose()
    live.frames++
  })
  return null
}
