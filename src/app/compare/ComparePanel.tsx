import { Canvas, type ThreeEvent, useThree } from '@react-three/fiber'
import { useEffect, useMemo } from 'react'
import { useStore } from 'zustand'
import { POINT_SIZE, styleItems, THEME_COLORS } from '../../viz/highlight'
import { normalizeLayout } from '../../viz/layout'
import {
  clearReference,
  compareNeighbours,
  compareStore,
  connect,
  labelIndex,
  measureAgreement,
  type NeighbourPair,
  pairItems,
  referenceColors,
  sharedNeighbours,
} from './compare'
import { useApp, useSession } from '../useSession'
import './compare.css'
import { notify, select } from '../session'

/** Diameter (CSS px) of an ordinary point in the small plot; highlighted ones grow as in the main plot. */
const POINT_PX = 5
/** How close (CSS px) a click must land to a point to pick it. */
const PICK_PX = 8
/** Share of the plot's half-size that the farthest point reaches. */
const FILL = 0.92
/** r3f's orthographic camera draws 1 world unit per CSS pixel, so the threshold is in pixels. */
const RAYCASTER = {
  params: { Mesh: {}, LOD: {}, Sprite: {}, Line: { threshold: 1 }, Points: { threshold: PICK_PX } },
}
const NO_LABELS: string[] = []

const vertexShader = /* glsl */ `
attribute vec3 aColor;
attribute float aSize;
varying vec3 vColor;
void main() {
  vColor = aColor;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  gl_PointSize = max(aSize, 2.0);
}`

const fragmentShader = /* glsl */ `
varying vec3 vColor;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = dot(c, c);
  if (r > 1.0) discard;
  gl_FragColor = vec4(mix(vColor, vColor * 0.3, smoothstep(0.6, 1.0, r)), 1.0);
}`

interface PlotProps {
  /** Scene coordinates (n·3, z = 0) from `normalizeLayout`, and the largest |x| and |y|. */
  layout: Float32Array
  extent: [number, number]
  colors: Float32Array
  /** Point sizes in scene units (`styleItems`). */
  sizes: Float32Array
  onPick: (refIndex: number) => void
}

/** The reference's points, scaled to fill the canvas; a click picks the point nearest the ray. */
function RefPoints({ layout, extent, colors, sizes, onPick }: PlotProps) {
  const size = useThree((s) => s.size)
  const dpr = useThree((s) => s.viewport.dpr)
  const px = useMemo(() => sizes.map((s) => (s / POINT_SIZE) * POINT_PX * dpr), [sizes, dpr])
  // One scale for both axes (distances stay true), as large as the canvas allows.
  const scale = FILL * Math.min(size.width / (2 * extent[0]), size.height / (2 * extent[1]))
  const pick = (e: ThreeEvent<MouseEvent>) => {
    e.stopPropagation()
    let best: { index?: number; distanceToRay?: number } | null = null
    for (const hit of e.intersections)
      if ((hit.distanceToRay ?? Infinity) < (best?.distanceToRay ?? Infinity)) best = hit
    if (best?.index !== undefined) onPick(best.index)
  }
  return (
    <group scale={[scale, scale, 1]}>
      <points frustumCulled={false} onClick={pick}>
        <bufferGeometry>
          <bufferAttribute attach="attributes-position" args={[layout, 3]} />
          <bufferAttribute attach="attributes-aColor" args={[colors, 3]} />
          <bufferAttribute attach="attributes-aSize" args={[px, 1]} />
        </bufferGeometry>
        <shaderMaterial vertexShader={vertexShader} fragmentShader={fragmentShader} />
      </points>
    </group>
  )
}

/** One side of the neighbour comparison; items in both lists say so in words. */
function NeighbourColumn(props: {
  title: string
  rows: NeighbourPair[]
  onPick: (liveIndex: number) => void
}) {
  return (
    <div className="compare-column">
      <h4>{props.title}</h4>
      <ol>
        {props.rows.map((r) => (
          <li key={r.live}>
            <button
              className={r.shared ? 'shared' : undefined}
              onClick={() => props.onPick(r.live)}
            >
              <span className="name">{r.label}</span>
              {r.shared && <span className="compare-both">in both</span>}
            </button>
          </li>
        ))}
      </ol>
    </div>
  )
}

/**
 * The reference space beside the main plot: a small 2D PCA map coloured like the main plot
 * (`colors`: n·3 per live item, matched by label), linked selection both ways, the mean
 * neighbour agreement and, for the selected item, both neighbour lists side by side.
 */
export function ComparePanel({ colors }: { colors: Float32Array }) {
  const c = useSession()
  const ref = useStore(compareStore, (s) => s.reference)
  const labels = useApp((s) => s.dataset?.labels) ?? NO_LABELS
  const selected = useApp((s) => s.selected)
  const selection = useApp((s) => s.selection)
  const theme = useApp((s) => s.theme)
  const step = useApp((s) => s.step)
  const version = useApp((s) => s.version)
  useEffect(() => connect(c), [c])
  const vectors = version >= 0 ? c.live.vectors : null
  const refLabels = ref?.labels
  const refVectors = ref?.vectors
  const refDim = ref?.dim
  const positions = ref?.positions

  const layout = useMemo(() => {
    if (!positions) return null
    const n = positions.length / 2
    const out = new Float32Array(n * 3)
    normalizeLayout(positions, n, 2, out)
    const extent: [number, number] = [1e-6, 1e-6]
    out.forEach((v, i) => i % 3 < 2 && (extent[i % 3] = Math.max(extent[i % 3], Math.abs(v))))
    return { out, extent }
  }, [positions])
  const pairing = useMemo(() => refLabels && pairItems(labels, refLabels), [labels, refLabels])
  // The reference list changes with the selection only; the live one also with each snapshot.
  const refNear = useMemo(
    () =>
      pairing && refVectors && refDim && selected !== null
        ? sharedNeighbours(pairing, 'ref', refVectors, refDim, selected)
        : null,
    [pairing, refVectors, refDim, selected],
  )
  const liveNear = useMemo(
    () =>
      pairing && vectors && refNear && selected !== null
        ? sharedNeighbours(pairing, 'live', vectors, c.live.dim, selected)
        : null,
    [c, pairing, vectors, refNear, selected],
  )
  const comparison = useMemo(
    () => pairing && liveNear && refNear && compareNeighbours(pairing, labels, liveNear, refNear),
    [pairing, labels, liveNear, refNear],
  )
  const style = useMemo(() => {
    if (!refLabels || !pairing) return null
    const index = labelIndex(refLabels)
    const toRef = (i: number) => index.get(labels[i]) ?? -1
    const first = selected === null ? -1 : toRef(selected)
    const near = (refNear ?? []).map((pos) => pairing.ref[pos])
    const highlighted = first === -1 ? [] : [first, ...near]
    const others = selection.filter((i) => i !== selected).map(toRef)
    const base = referenceColors(colors, labels, refLabels)
    const { background, ink } = THEME_COLORS[theme]
    return styleItems(base, refLabels.length, highlighted, null, [], {
      selection: others,
      background,
      ink,
    })
  }, [refLabels, pairing, labels, colors, selected, selection, refNear, theme])

  if (!ref) return null
  const selectLive = (liveIndex: number) => select(c, liveIndex)
  const pickRef = (refIndex: number) => {
    const i = labelIndex(labels).get(ref.labels[refIndex])
    if (i !== undefined) selectLive(i)
    else notify(c, `${ref.labels[refIndex]} is only in ${ref.name}, not in this run.`)
  }
  const m = ref.measured
  const left = m ? m.leftOut.live + m.leftOut.reference : 0
  const label = selected === null ? null : labels[selected]
  return (
    <section
      className="compare-panel"
      data-testid="compare-panel"
      aria-label="Compare two embedding spaces"
    >
      <h2>Compared with: {ref.name}</h2>
      <div
        className="compare-plot"
        role="img"
        aria-label={`2D PCA map of ${ref.name}. Click a point to select that item in the main plot.`}
      >
        {layout && style ? (
          <Canvas
            orthographic
            frameloop="demand"
            dpr={[1, 2]}
            camera={{ position: [0, 0, 10] }}
            raycaster={RAYCASTER}
          >
            <color attach="background" args={[THEME_COLORS[theme].css]} />
            <RefPoints
              key={ref.id}
              layout={layout.out}
              extent={layout.extent}
              colors={style.colors}
              sizes={style.sizes}
              onPick={pickRef}
            />
          </Canvas>
        ) : (
          <p className="compare-note">
            {ref.error ? 'No map: see the message below.' : 'Laying out the reference…'}
          </p>
        )}
      </div>
      <p className="compare-note">
        {ref.labels.length} items, {ref.dim} dimensions; the map shows its first two principal
        components
        {ref.explained.length === 2 &&
          ` (${ref.explained.map((e) => Math.round(e * 100)).join('% and ')}% of the variance)`}
        .
      </p>
      {ref.meanAgreement !== null && m && (
        <p className="compare-mean" data-testid="compare-mean">
          On average {(ref.meanAgreement * m.k).toFixed(1)} of each item’s {m.k} nearest neighbours
          are the same in both spaces.
        </p>
      )}
      {m && left > 0 && (
        <p className="compare-note">
          {m.compared} items compared. Left out, with no item of the same label on the other side
          (or a repeated label): {m.leftOut.live} of this run, {m.leftOut.reference} of the
          reference.
        </p>
      )}
      {m && m.step !== step && (
        <p className="compare-note">
          Measured at epoch {m.epoch}; this run has changed since, so measure again.
        </p>
      )}
      {ref.progress !== null && (
        <progress
          className="compare-progress"
          value={ref.progress}
          max={1}
          aria-label="Measuring agreement"
        />
      )}
      {ref.error && (
        <p className="compare-error" role="alert">
          {ref.error}
        </p>
      )}
      {label !== null && label !== undefined && !comparison && (
        <p className="compare-note">
          {label} is not in {ref.name}.
        </p>
      )}
      {label && comparison && (
        <div className="compare-selected" data-testid="compare-selected">
          <h3>
            {label}: {comparison.same} of its {comparison.k} nearest neighbours{' '}
            {comparison.same === 1 ? 'is' : 'are'} the same in both spaces
          </h3>
          <div className="compare-lists">
            <NeighbourColumn title="This run" rows={comparison.live} onPick={selectLive} />
            <NeighbourColumn title={ref.name} rows={comparison.reference} onPick={selectLive} />
          </div>
        </div>
      )}
      <div className="compare-buttons">
        <button disabled={ref.busy} onClick={() => void measureAgreement(c).catch(() => {})}>
          Measure agreement
        </button>
        <button onClick={clearReference}>Stop comparing</button>
      </div>
    </section>
  )
}
