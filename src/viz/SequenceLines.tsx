import { useFrame } from '@react-three/fiber'
import { useEffect, useMemo } from 'react'
import * as THREE from 'three'
import { isHidden } from './layout'
import type { SceneBuffers } from './sceneBuffers'

/**
 * The Projector's sequences: a line from each item to the next of its sequence (`links` holds
 * pairs of rows), following the points as they move. Links to a hidden point are left out.
 */
export function SequenceLines({
  buffers,
  links,
  visible,
  theme,
}: {
  buffers: SceneBuffers
  links: Int32Array
  visible: Uint8Array | null
  theme: 'dark' | 'light'
}) {
  const geometry = useMemo(() => {
    const g = new THREE.BufferGeometry()
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(links.length * 3), 3))
    return g
  }, [links])
  const material = useMemo(
    () => new THREE.LineBasicMaterial({ color: '#9aa4b5', transparent: true, opacity: 0.6 }),
    [],
  )
  useEffect(() => () => geometry.dispose(), [geometry])
  useEffect(() => () => material.dispose(), [material])
  useEffect(() => {
    material.color.set(theme === 'dark' ? '#9aa4b5' : '#5b6473')
  }, [material, theme])

  useFrame(() => {
    const attr = geometry.getAttribute('position') as THREE.BufferAttribute
    const out = attr.array as Float32Array
    const p = buffers.display
    let count = 0
    for (let l = 0; l + 1 < links.length; l += 2) {
      const a = links[l]
      const b = links[l + 1]
      if (a >= buffers.n || b >= buffers.n) continue
      if (visible && (!visible[a] || !visible[b])) continue
      if (isHidden(p[a * 3]) || isHidden(p[b * 3])) continue
      for (let k = 0; k < 3; k++) {
        out[count * 6 + k] = p[a * 3 + k]
        out[count * 6 + 3 + k] = p[b * 3 + k]
      }
      count++
    }
    geometry.setDrawRange(0, count * 2)
    attr.needsUpdate = true
  })

  return <lineSegments geometry={geometry} material={material} frustumCulled={false} />
}
