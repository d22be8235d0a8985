import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import type * as THREE from 'three'
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js'
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
import type { SceneOutputs } from './sceneOutputs'
import type { CameraRequest } from './types'

/** How long a camera move (fit, reset, 2D/3D switch) takes. */
const MOVE_MS = 450

/**
 * three's OrbitControls bound to the r3f camera, plus what the view asks of the camera: fit to
 * data or selection, reset, a shared link's pose, auto-rotate, and the 2D/3D switch (2D looks
 * straight down z and cannot rotate). Moves are animated unless the user prefers reduced motion.
 * Publishes the pose and the frame count to `outputs` (and `onMove` when the pose changed).
 */
export function CameraRig({
  outputs,
  buffers,
  dims,
  request,
  autoRotate: rotate,
  selection,
  visible,
  onMove,
}: {
  outputs: SceneOutputs
  buffers: SceneBuffers
  dims: 2 | 3
  /** The newest camera request; one already seen (or there at mount) is not run again. */
  request: CameraRequest | null
  autoRotate: boolean
  /** Every selected item, for "fit to selection". */
  selection: number[]
  /** Items left visible by "Isolate" (1 = shown), or null for all: "fit to data" fits these. */
  visible: Uint8Array | null
  onMove?: (pose: CameraPose) => void
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
    outputs.capture = () => {
      gl.render(scene, camera)
      return gl.domElement
    }
    return () => {
      outputs.capture = null
    }
  }, [outputs, gl, scene, camera])

  // 2D: face the plane head-on (animated), so the flat layout is not seen at a slant.
  useEffect(() => {
    if (dims === 2) handlers.goTo(frontPose(handlers.pose()))
  }, [dims, handlers])

  // A request runs once, after the render that brought it, so it sees the selection of that render.
  const handled = useRef(request)
  useEffect(() => {
    if (!request || handled.current === request) return
    handled.current = request
    const { pose, goTo } = handlers
    if (request.kind === 'reset') return goTo(DEFAULT_POSE)
    if (request.kind === 'set') {
      if (request.position && request.target)
        goTo({ position: request.position, target: request.target })
      return
    }
    const indices =
      request.kind === 'fit-selection'
        ? selection.length
          ? selection
          : null
        : visible && shownIndices(visible)
    const sphere = boundingSphere(buffers.target, buffers.n, indices)
    if (sphere) goTo(fitPose(sphere, pose(), camera.fov, camera.aspect))
  }, [request, selection, visible, buffers, camera, handlers])

  useEffect(() => {
    autoRotate.current = rotate
    invalidate()
  }, [rotate, invalidate])

  const onMoveRef = useRef(onMove)
  useEffect(() => {
    onMoveRef.current = onMove
  }, [onMove])

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
    const now = handlers.pose()
    const was = outputs.camera
    outputs.camera = now
    outputs.frames++
    if (onMoveRef.current && (!was || !samePose(was, now))) onMoveRef.current(now)
  })
  return null
}

/** Indices of the shown items of a visibility mask. */
function shownIndices(visible: Uint8Array): number[] {
  const out: number[] = []
  for (let i = 0; i < visible.length; i++) if (visible[i]) out.push(i)
  return out
}

function samePose(a: CameraPose, b: CameraPose): boolean {
  return (
    a.position.every((v, i) => v === b.position[i]) && a.target.every((v, i) => v === b.target[i])
  )
}
