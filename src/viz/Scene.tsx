import { Canvas } from '@react-three/fiber'
import { useMemo, useRef } from 'react'
import type { Controller } from '../app/controller'
import { LabelLayer, type LabelSlots } from './LabelLayer'
import { NeighbourLines } from './NeighbourLines'
import { OrbitControls } from './OrbitControls'
import { Picker } from './Picker'
import { PointCloud } from './PointCloud'
import { SceneBuffers } from './sceneBuffers'

export interface SceneProps {
  controller: Controller
  /** Item indices that get highlighted and labelled: the selection first, then its neighbours. */
  highlighted: number[]
  /** Items close on screen to the selection that are not its true neighbours: labelled in warning style. */
  misleading: number[]
  hovered: number | null
  colors: Float32Array
  labels: string[]
  dims: 2 | 3
}

/** The 3D/2D scatter plot: one `<points>` for all items, drawn on demand. */
export function Scene(props: SceneProps) {
  const buffers = useMemo(() => new SceneBuffers(), [])
  const slots = useRef<LabelSlots>({ elements: [], indices: [] })
  const labelled = useMemo(() => {
    // Label priority when they would overlap: the selection, then the hovered item, then neighbours.
    const [first, ...rest] = props.highlighted
    const list = first === undefined ? [] : [first]
    if (props.hovered !== null && props.hovered !== first) list.push(props.hovered)
    const others = [...rest, ...props.misleading].filter((i) => i !== props.hovered)
    return [...list, ...others]
  }, [props.highlighted, props.hovered, props.misleading])
  return (
    <div className="scene" data-testid="scene">
      <Canvas
        frameloop="demand"
        camera={{ position: [0, 0, 5.2], fov: 50, near: 0.01, far: 100 }}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
        dpr={[1, 2]}
      >
        <color attach="background" args={['#10131a']} />
        <PointCloud
          controller={props.controller}
          buffers={buffers}
          colors={props.colors}
          highlighted={props.highlighted}
          misleading={props.misleading}
          hovered={props.hovered}
        />
        <NeighbourLines buffers={buffers} highlighted={props.highlighted} />
        <LabelLayer.Updater buffers={buffers} slots={slots} />
        <OrbitControls enableRotate={props.dims === 3} />
        <Picker controller={props.controller} buffers={buffers} />
      </Canvas>
      <LabelLayer.Labels
        slots={slots}
        indices={labelled}
        labels={props.labels}
        highlighted={props.highlighted}
        misleading={props.misleading}
      />
    </div>
  )
}
