import { useEffect, useMemo } from 'react'
import { falseNeighbours } from '../model/projection/quality'
import { visibilityMask } from '../viz/highlight'
import { Scene } from '../viz/Scene'
import { Announcer } from './Announcer'
import { ComparePanel } from './ComparePanel'
import { DropZone } from './DropZone'
import { ErrorBanner } from './ErrorBanner'
import { HistoryScrubber } from './HistoryScrubber'
import { KeyOverlay, KeyStrip } from './KeyOverlay'
import { HoverCard } from './HoverCard'
import { labelTexts } from './itemText'
import { Legend } from './Legend'
import { LibraryDialog } from './LibraryDialog'
import { LoadProgressBar } from './LoadProgressBar'
import { LossChart } from './LossChart'
import { NeighbourPanel } from './NeighbourPanel'
import { PlotTools } from './PlotTools'
import { QuestionDialog } from './QuestionDialog'
import { handleShortcut } from './shortcuts'
import { SidePanel } from './SidePanel'
import { TopBar } from './TopBar'
import { useColoring } from './useColoring'
import { ViewControls } from './ViewControls'
import { useApp, useSession } from './useSession'
import { neighboursOf } from './session'

export function App() {
  const controller = useSession()
  const dataset = useApp((s) => s.dataset)
  const selected = useApp((s) => s.selected)
  const selection = useApp((s) => s.selection)
  const isolated = useApp((s) => s.isolated)
  const hovered = useApp((s) => s.hovered)
  const version = useApp((s) => s.version)
  const dims = useApp((s) => s.dims)
  const k = useApp((s) => s.neighbourK)
  const metric = useApp((s) => s.metric)
  const matches = useApp((s) => s.search.matches)
  const labelBy = useApp((s) => s.labelBy)
  const theme = useApp((s) => s.theme)
  const pointScale = useApp((s) => s.pointScale)
  const collapsed = useApp((s) => s.collapsed)

  const coloring = useColoring()

  const presenter = useApp((s) => s.presenter)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    document.documentElement.dataset.presenter = presenter ? 'on' : 'off'
  }, [presenter])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleShortcut(controller, e)) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [controller])

  // Neighbours change only with the vectors (not with every layout iteration of UMAP/t-SNE).
  const vectors = version >= 0 ? controller.live.vectors : null
  const neighbours = useMemo(
    () => (selected === null || !vectors ? [] : neighboursOf(controller, selected, k, metric)),
    [controller, selected, vectors, k, metric],
  )
  const misleading = useMemo(() => {
    const { items, dim, vectors, positions, dims: d } = controller.live
    if (selected === null || selected >= items || positions.length !== items * d) return []
    // "False neighbours": close on screen, not among the true neighbours in the vectors.
    return falseNeighbours(vectors, items, dim, positions, d, selected, k, metric)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version marks new live buffers
  }, [controller, selected, version, k, metric])
  const highlighted = useMemo(
    () => (selected === null ? [] : [selected, ...neighbours.map((n) => n.index)]),
    [selected, neighbours],
  )
  const misleadingIndices = useMemo(() => misleading.map((m) => m.index), [misleading])
  const others = useMemo(() => selection.filter((i) => i !== selected), [selection, selected])
  const n = dataset?.labels.length ?? 0
  const visible = useMemo(() => visibilityMask(n, isolated), [n, isolated])
  const labels = useMemo(() => labelTexts(dataset, labelBy), [dataset, labelBy])
  const colors = useMemo(
    () => coloring?.colors ?? new Float32Array(n * 3).fill(0.75),
    [coloring, n],
  )
  const layout = `workspace${collapsed.left ? ' left-collapsed' : ''}${collapsed.right ? ' right-collapsed' : ''}`

  return (
    <div className="app">
      <TopBar />
      <ErrorBanner />
      <DropZone />
      <QuestionDialog />
      <KeyOverlay />
      <LibraryDialog />
      <Announcer />
      <main className={layout}>
        <SidePanel />
        <section className="view" aria-label="Embedding plot">
          <ViewControls />
          <div className="plot">
            <Scene
              controller={controller}
              highlighted={highlighted}
              misleading={misleadingIndices}
              hovered={hovered}
              selection={others}
              matches={matches}
              visible={visible}
              colors={colors}
              labels={labels}
              dims={dims}
              theme={theme}
              pointScale={pointScale}
            />
            {dataset && <Legend coloring={coloring} />}
            <PlotTools />
            <KeyStrip />
            <LoadProgressBar />
            <HoverCard />
          </div>
        </section>
        <div className="right-panel">
          <ComparePanel colors={colors} />
          <NeighbourPanel neighbours={neighbours} misleading={misleading} />
          <LossChart />
          <HistoryScrubber />
        </div>
      </main>
    </div>
  )
}
