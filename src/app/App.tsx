import { useMemo } from 'react'
import { categoricalColors, hexToRgb } from '../viz/palette'
import { Scene } from '../viz/Scene'
import { ErrorBanner } from './ErrorBanner'
import { Legend } from './Legend'
import { LossChart } from './LossChart'
import { NeighbourPanel } from './NeighbourPanel'
import { SidePanel } from './SidePanel'
import { TopBar } from './TopBar'
import { ViewControls } from './ViewControls'
import { useApp, useController } from './useController'

/** Neighbours highlighted and listed for the selection. */
export const NEIGHBOUR_COUNT = 10

export function App() {
  const controller = useController()
  const dataset = useApp((s) => s.dataset)
  const colorBy = useApp((s) => s.colorBy)
  const selected = useApp((s) => s.selected)
  const hovered = useApp((s) => s.hovered)
  const version = useApp((s) => s.version)
  const dims = useApp((s) => s.dims)

  const coloring = useMemo(() => {
    const attr = dataset?.attributes.find((a) => a.name === colorBy)
    if (!dataset || !attr || attr.kind !== 'categorical') return null
    const { legend, itemEntry } = categoricalColors(attr)
    const rgb = legend.map((e) => hexToRgb(e.color))
    const colors = new Float32Array(itemEntry.length * 3)
    itemEntry.forEach((entry, i) => colors.set(rgb[entry], i * 3))
    return { legend, colors, attribute: attr.name }
  }, [dataset, colorBy])

  const neighbours = useMemo(
    () =>
      selected === null || version < 0 ? [] : controller.neighboursOf(selected, NEIGHBOUR_COUNT),
    [controller, selected, version],
  )
  const highlighted = useMemo(
    () => (selected === null ? [] : [selected, ...neighbours.map((n) => n.index)]),
    [selected, neighbours],
  )
  const labels = dataset?.labels ?? []
  const colors = useMemo(
    () => coloring?.colors ?? new Float32Array(labels.length * 3).fill(0.75),
    [coloring, labels.length],
  )

  return (
    <div className="app">
      <TopBar />
      <ErrorBanner />
      <main className="workspace">
        <SidePanel />
        <section className="view" aria-label="Embedding plot">
          <Scene
            controller={controller}
            highlighted={highlighted}
            hovered={hovered}
            colors={colors}
            labels={labels}
            dims={dims}
          />
          <ViewControls />
          {coloring && <Legend title={coloring.attribute} entries={coloring.legend} />}
        </section>
        <div className="right-panel">
          <NeighbourPanel neighbours={neighbours} />
          <LossChart />
        </div>
      </main>
    </div>
  )
}
