import { useFrame } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import * as THREE from 'three'
import { isHidden } from './layout'
import type { SceneBuffers } from './sceneBuffers'

/** Most neighbours a line is drawn to. */
const MAX_LINES = 100

/** Lines from the selected item (first of `highlighted`) to each of its neighbours. */
export function NeighbourLines({
  buffers,
  highlighted,
  theme,
}: {
  buffers: SceneBuffers
  highlighted: number[]
  theme: 'dark' | 'light'
}) {
  const geometry = useMemo(() => {
    const g = new THREE.BufferGeometry()
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(MAX_LINES * 6), 3))
    return g
  }, [])
  const material = useMemo(
    () => new THREE.LineBasicMaterial({ color: '#ffffff', transparent: true, opacity: 0.55 }),
    [],
  )
  useEffect(() => () => (geometry.dispose(), material.dispose()), [geometry, material])
  useEffect(() => {
    material.color.set(theme === 'dark' ? '#ffffff' : '#1b1f2a')
  }, [material, theme])

  // What the lines were last written for: while neither the layout nor the selection changes
  // (orbiting, hovering), nothing is rewritten or uploaded.
  const written = useRef<{ revision: number; highlighted: number[] } | null>(null)
  useFrame(() => {
    const last = written.current
    if (last && last.revision === buffers.revision && last.highlighted === highlighted) return
    written.current = { revision: buffers.revision, highlighted }
    const attr = geometry.getAttribute('position') as THREE.BufferAttribute
    const out = attr.array as Float32Array
    const [from, ...to] = highlighted
    const p = buffers.display
    let count = 0
    if (from !== undefined && from < buffers.n)
      for (const j of to.slice(0, MAX_LINES)) {
        if (j >= buffers.n || isHidden(p[j * 3]) || isHidden(p[from * 3])) continue
        for (let k = 0; k < 3; k++) {
          out[count * 6 + k] = p[from * 3 + k]
          out[count * 6 + 3 + k] = p[j * 3 + k]
        }
        count++
      }
    geometry.setDrawRange(0, count * 2)
    attr.needsUpdate = true
  })

  return <lineSegments geometry={geometry} material={material} frustumCulled={false} />
}
