import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import * as THREE from 'three'
import type { Controller } from '../app/controller'
import { type StyleExtras, styleItems } from './highlight'
import { prefersReducedMotion } from './motion'
import { EASE_MS, type SceneBuffers } from './sceneBuffers'

const vertexShader = /* glsl */ `
attribute vec3 aColor;
attribute float aSize;
uniform float uScale;
varying vec3 vColor;
void main() {
  vColor = aColor;
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mv;
  // Size 0 marks a hidden (isolated-away) point: it is not drawn at all.
  gl_PointSize = aSize <= 0.0 ? 0.0 : max(aSize * uScale / -mv.z, 3.0);
  if (aSize <= 0.0) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
}`

const fragmentShader = /* glsl */ `
varying vec3 vColor;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = dot(c, c);
  if (r > 1.0) discard;
  vec3 col = mix(vColor, vColor * 0.3, smoothstep(0.6, 1.0, r));
  gl_FragColor = vec4(col, 1.0);
}`

/** Re-points the geometry at arrays of a new length (only when the item count changes). */
function bind(geometry: THREE.BufferGeometry, name: string, array: Float32Array, size: number) {
  const attr = geometry.getAttribute(name) as THREE.BufferAttribute | undefined
  if (attr && attr.array === array) return
  geometry.setAttribute(name, new THREE.BufferAttribute(array, size))
}

export interface PointCloudProps {
  controller: Controller
  buffers: SceneBuffers
  colors: Float32Array
  highlighted: number[]
  misleading: number[]
  hovered: number | null
  /** Selection beyond the primary item, search matches, isolation and theme colours. */
  extras: StyleExtras
  /** Point size multiplier (1 = default). */
  pointScale: number
}

/** All items as one `<points>`; positions are written in place each frame, never through React state. */
export function PointCloud({
  controller,
  buffers,
  colors,
  highlighted,
  misleading,
  hovered,
  extras,
  pointScale,
}: PointCloudProps) {
  const invalidate = useThree((s) => s.invalidate)
  const geometry = useMemo(() => new THREE.BufferGeometry(), [])
  const material = useMemo(
    () =>
      new THREE.ShaderMaterial({
        vertexShader,
        fragmentShader,
        uniforms: { uScale: { value: 500 } },
      }),
    [],
  )
  const style = useMemo(
    () => styleItems(colors, colors.length / 3, highlighted, hovered, misleading, extras),
    [colors, highlighted, hovered, misleading, extras],
  )
  const scaleRef = useRef(pointScale)
  useEffect(() => {
    scaleRef.current = pointScale
    invalidate()
  }, [pointScale, invalidate])
  const styleRef = useRef(style)
  const uploaded = useRef<unknown>(null)
  const drawn = useRef<Float32Array | null>(null)
  const wasMoving = useRef(false)
  useEffect(() => {
    styleRef.current = style
    invalidate()
  }, [style, invalidate])
  useEffect(
    () => controller.store.subscribe((s, prev) => s.version !== prev.version && invalidate()),
    [controller, invalidate],
  )
  useEffect(() => () => (geometry.dispose(), material.dispose()), [geometry, material])

  useFrame((state, delta) => {
    const version = controller.store.getState().version
    const live = controller.live
    const fresh = version !== buffers.version && live.items > 0
    if (fresh) buffers.setTarget(live.positions, live.items, live.dims, version)
    const n = buffers.n
    const moving = buffers.advance(delta * 1000, prefersReducedMotion() ? 0 : EASE_MS)
    bind(geometry, 'position', buffers.display, 3)
    const s = styleRef.current
    if (s.sizes.length === n) {
      if (uploaded.current !== s) {
        bind(geometry, 'aColor', s.colors, 3)
        bind(geometry, 'aSize', s.sizes, 1)
        geometry.getAttribute('aColor').needsUpdate = true
        geometry.getAttribute('aSize').needsUpdate = true
        uploaded.current = s
      }
      geometry.setDrawRange(0, n)
    } else geometry.setDrawRange(0, 0)
    // Upload positions only when they changed: at 100k points that is 1.2 MB per frame saved
    // while the camera merely orbits.
    if (fresh || moving || wasMoving.current || drawn.current !== buffers.display) {
      geometry.getAttribute('position').needsUpdate = true
      drawn.current = buffers.display
    }
    wasMoving.current = moving
    const cam = state.camera as THREE.PerspectiveCamera
    material.uniforms.uScale.value =
      (scaleRef.current * state.size.height) / (2 * Math.tan((cam.fov * Math.PI) / 360))
    if (moving) invalidate()
  })

  // The layout moves every snapshot, so the bounding sphere would be stale: never frustum-cull.
  return <points geometry={geometry} material={material} frustumCulled={false} />
}
