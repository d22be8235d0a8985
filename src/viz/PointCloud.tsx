import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import * as THREE from 'three'
import type { Controller } from '../app/controller'
import { styleItems } from './highlight'
import type { SceneBuffers } from './sceneBuffers'

const vertexShader = /* glsl */ `
attribute vec3 aColor;
attribute float aSize;
uniform float uScale;
varying vec3 vColor;
void main() {
  vColor = aColor;
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mv;
  gl_PointSize = max(aSize * uScale / -mv.z, 3.0);
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
}

/** All items as one `<points>`; positions are written in place each frame, never through React state. */
export function PointCloud({
  controller,
  buffers,
  colors,
  highlighted,
  misleading,
  hovered,
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
    () => styleItems(colors, colors.length / 3, highlighted, hovered, misleading),
    [colors, highlighted, hovered, misleading],
  )
  const styleRef = useRef(style)
  const uploaded = useRef<unknown>(null)
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
    if (version !== buffers.version && live.items > 0)
      buffers.setTarget(live.positions, live.items, live.dims, version)
    const n = buffers.n
    const moving = buffers.advance(delta * 1000)
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
    geometry.getAttribute('position').needsUpdate = true
    geometry.computeBoundingSphere()
    const cam = state.camera as THREE.PerspectiveCamera
    material.uniforms.uScale.value = state.size.height / (2 * Math.tan((cam.fov * Math.PI) / 360))
    if (moving) invalidate()
  })

  return <points geometry={geometry} material={material} />
}
