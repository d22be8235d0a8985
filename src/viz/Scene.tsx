import { Canvas } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { type CameraPose, SCENE_FOV } from './camera'
import { CameraRig } from './CameraRig'
import { type StyleExtras, THEME_COLORS } from './highlight'
import { LabelLayer, type LabelSlots } from './LabelLayer'
import { NeighbourLines } from './NeighbourLines'
import { SequenceLines } from './SequenceLines'
import { Picker, type PickerEvents } from './Picker'
import { PointCloud } from './PointCloud'
import { SceneBuffers } from './sceneBuffers'
import { SceneOutputs } from './sceneOutputs'
import type { CameraRequest, SceneHandle, SceneSource, SpriteSheet } from './types'

/**
 * Above this many points, hovering does not redraw the plot (no enlarged point, no label): the
 * hover card says which item it is, and a redraw of 100,000 points per pointer move is what makes
 * hovering sluggish on slow (software) GPUs.
 */
const HOVER_REDRAW_LIMIT = 20_000

/** Search matches that also get a label, at most (after selection, hover and neighbours). */
const MATCH_LABELS = 25

/** Everything the scene draws and reports; per-frame buffers come from `source`, not props. */
export interface SceneProps extends Omit<PickerEvents, 'hovered' | 'images'> {
  /** The newest layout, read in `useFrame` and on its notifications. */
  source: SceneSource
  /** Gets the scene's handle once it is mounted, and null when it goes. */
  onReady?: (handle: SceneHandle | null) => void
  /** The camera moved (orbit, zoom, an animated fit, auto-rotate): the pose as drawn. */
  onCameraMove?: (pose: CameraPose) => void
  /**
   * The WebGL context was lost (true: a GPU reset, a driver crash, too many contexts) or restored
   * (false). three.js restores it by itself when the browser allows; the scene redraws then.
   */
  onContextLost?: (lost: boolean) => void
  /** Item indices that get highlighted and labelled: the selection first, then its neighbours. */
  highlighted: number[]
  /** Items close on screen to the selection that are not its true neighbours: labelled in warning style. */
  misleading: number[]
  hovered: number | null
  /** Other selected items (beyond the primary one). */
  selection: number[]
  /** Search matches. */
  matches: number[]
  /** Items left visible by "Isolate" (1 = drawn), or null for all. */
  visible: Uint8Array | null
  /** The Projector's sequences as pairs of rows (a line each), or null. */
  sequences?: Int32Array | null
  colors: Float32Array
  /** The text drawn beside each labelled point (the label, or the label-by attribute's value). */
  labels: string[]
  dims: 2 | 3
  theme: 'dark' | 'light'
  pointScale: number
  /** The sheet whose thumbnails the points show, or null for plain dots. */
  sprites: SpriteSheet | null
  /** The newest camera request (fit, reset, a shared link's pose); each is run once. */
  cameraRequest: CameraRequest | null
  autoRotate: boolean
}

/** The 3D/2D scatter plot: one `<points>` for all items, drawn on demand. */
export function Scene(props: SceneProps) {
  const buffers = useMemo(() => new SceneBuffers(), [])
  const slots = useRef<LabelSlots>({ elements: [], indices: [] })
  const overlay = useRef<SVGSVGElement>(null)
  const outputs = useMemo(() => new SceneOutputs(), [])
  const { selection, matches, visible, theme, onReady } = props
  useEffect(() => {
    onReady?.(outputs.handle)
    return () => onReady?.(null)
  }, [outputs, onReady])
  const hovered = props.colors.length / 3 > HOVER_REDRAW_LIMIT ? null : props.hovered
  const extras = useMemo<StyleExtras>(
    () => ({
      selection,
      matches,
      visible,
      background: THEME_COLORS[theme].background,
      ink: THEME_COLORS[theme].ink,
    }),
    [selection, matches, visible, theme],
  )
  const labelled = useMemo(() => {
    // Label priority when they would overlap: the selection, then the hovered item, then
    // neighbours, other selected items, false neighbours and a few search matches.
    const [first, ...rest] = props.highlighted
    const list = first === undefined ? [] : [first]
    if (hovered !== null && hovered !== first) list.push(hovered)
    const others = [
      ...rest,
      ...selection.slice(0, 50),
      ...props.misleading,
      ...matches.slice(0, MATCH_LABELS),
    ]
    const seen = new Set(list)
    for (const i of others)
      if (!seen.has(i) && (!visible || visible[i])) {
        seen.add(i)
        list.push(i)
      }
    return list
  }, [props.highlighted, hovered, props.misleading, selection, matches, visible])
  // "Fit to selection" fits every selected item, the primary one included.
  const primary = props.highlighted[0]
  const fitSelection = useMemo(
    () => (primary === undefined ? selection : [primary, ...selection]),
    [primary, selection],
  )
  return (
    <div className="scene" data-testid="scene">
      <Canvas
        frameloop="demand"
        camera={{ position: [0, 0, 5.2], fov: SCENE_FOV, near: 0.01, far: 100 }}
        gl={{ antialias: true, alpha: false }}
        dpr={[1, 2]}
        onCreated={({ gl, invalidate }) => {
          const canvas = gl.domElement
          canvas.addEventListener('webglcontextlost', () => props.onContextLost?.(true))
          canvas.addEventListener('webglcontextrestored', () => {
            props.onContextLost?.(false)
            invalidate()
          })
        }}
      >
        <color attach="background" args={[THEME_COLORS[theme].css]} />
        <PointCloud
          source={props.source}
          buffers={buffers}
          colors={props.colors}
          highlighted={props.highlighted}
          misleading={props.misleading}
          hovered={hovered}
          extras={extras}
          pointScale={props.pointScale}
          sprites={props.sprites}
        />
        <NeighbourLines buffers={buffers} highlighted={props.highlighted} theme={theme} />
        {props.sequences && props.sequences.length > 0 && (
          <SequenceLines
            buffers={buffers}
            links={props.sequences}
            visible={props.visible}
            theme={theme}
          />
        )}
        <LabelLayer.Updater buffers={buffers} slots={slots} />
        <CameraRig
          outputs={outputs}
          buffers={buffers}
          dims={props.dims}
          request={props.cameraRequest}
          autoRotate={props.autoRotate}
          selection={fitSelection}
          visible={visible}
          onMove={props.onCameraMove}
        />
        <Picker
          outputs={outputs}
          buffers={buffers}
          visible={visible}
          dims={props.dims}
          overlay={overlay}
          hovered={props.hovered}
          images={props.sprites !== null}
          selectTool={props.selectTool}
          onHover={props.onHover}
          onPick={props.onPick}
          onSelectMany={props.onSelectMany}
        />
      </Canvas>
      <svg className="lasso-layer" ref={overlay} aria-hidden="true">
        <polygon points="" />
      </svg>
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
