import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo } from 'react'
import { OrbitControls as ThreeOrbitControls } from 'three/examples/jsm/controls/OrbitControls.js'

/** three's OrbitControls bound to the r3f camera; redraws on demand while the camera moves. */
export function OrbitControls({ enableRotate }: { enableRotate: boolean }) {
  const camera = useThree((s) => s.camera)
  const dom = useThree((s) => s.gl.domElement)
  const invalidate = useThree((s) => s.invalidate)
  const controls = useMemo(() => new ThreeOrbitControls(camera, dom), [camera, dom])
  useEffect(() => {
    controls.enableDamping = true
    controls.dampingFactor = 0.12
    controls.enableRotate = enableRotate
    const onChange = () => invalidate()
    controls.addEventListener('change', onChange)
    return () => controls.removeEventListener('change', onChange)
  }, [controls, enableRotate, invalidate])
  useEffect(() => () => controls.dispose(), [controls])
  useFrame(() => {
    controls.update()
  })
  return null
}
