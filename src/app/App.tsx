import { useMemo } from 'react'
import { falseNeighbours } from '../model/projection/quality'
import { Scene } from '../viz/Scene'
import { DropZone } from './DropZone'
import { ErrorBanner } from './ErrorBanner'
import { Legend } from './Legend'
import { LossChart } from './LossChart'
import { NeighbourPanel } from './NeighbourPanel'
import { QuestionDialog } from './QuestionDialog'
import { NEIGHBOUR_COUNT } from './neighbourCount'
import { SidePanel } from './SidePanel'
import { TopBar } from './TopBar'
import { useColoring } from './useColoring'
import { ViewControls } from './ViewControls'
import { useApp, useController } from './useController'

export function App() {
  const controller = useController()
  const dataset = useApp((s) => s.dataset)
  const selected = useApp((s) => s.selected)
  const hovered = useApp((s) => s.hovered)
  const version = useApp((s) => s.version)
  const dims = useApp((s) => s.dims)

  const coloring = useColoring()

  const neighbours = useMemo(
    () =>
      selected === null || version < 0 ? [] : controller.neighboursOf(selected, NEIGHBOUR_COUNT),
    [controller, selected, version],
  )
  const misleading = useMemo(() => {
    const { items, dim, vectors, positions, dims: d } = controller.live
    if (selected === null || selected >= items || positions.length !== items * d) return []
    // "False neighbours": close on screen, not among the true neighbours in the vectors.
    return falseNeighbours(vectors, items, dim, positions, d, selected, NEIGHBOUR_COUNT, 'cosine')
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version marks new live buffers
  }, [controller, selected, version])
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
      <DropZone />
      <QuestionDialog />
      <main className="workspace">
        <SidePanel />
        <section className="view" aria-label="Embedding plot">
          <ViewControls />
          <div className="plot">
            <Scene
              controller={controller}
              highlighted={highlighted}
              misleading={misleading.map((m) => m.index)}
              hovered={hovered}
              colors={colors}
              labels={labels}
              dims={dims}
            />
            {dataset && <Legend coloring={coloring} />}
          </div>
        </section>
        <div className="right-panel">
          <NeighbourPanel neighbours={neighbours} misleading={misleading} />
          <LossChart />
        </div>
      </main>
    </div>
  )
}
