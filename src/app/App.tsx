import { useEffect, useMemo } from 'react'
import { Announcer } from './Announcer'
import { ComparePanel } from './compare'
import { DropZone } from './data'
import { ErrorBanner } from './ErrorBanner'
import { HistoryScrubber } from './train'
import { KeyOverlay, KeyStrip } from './classroom'
import { HoverCard } from './explore'
import { Legend } from './plot'
import { LibraryDialog } from './library'
import { LoadProgressBar } from './data'
import { LossChart } from './train'
import { NeighbourPanel } from './explore'
import { Plot } from './plot'
import { PlotTools } from './plot'
import { QuestionDialog } from './data'
import { handleShortcut } from './classroom'
import { SidePanel } from './SidePanel'
import { TopBar } from './TopBar'
import { useColoring } from './plot'
import { ViewControls } from './plot'
import { useCommitCount } from './useCommitCount'
import { useApp, useSession } from './useSession'

/**
 * The page. It re-renders only for changes of the whole layout (dataset, colouring, theme,
 * panels): positions messages, hover and selection are read by the components that show them.
 */
export function App() {
  useCommitCount('App')
  const controller = useSession()
  const dataset = useApp((s) => s.dataset)
  const theme = useApp((s) => s.theme)
  const collapsed = useApp((s) => s.collapsed)
  const presenter = useApp((s) => s.presenter)
  const coloring = useColoring()

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

  const n = dataset?.labels.length ?? 0
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
            <Plot colors={colors} />
            {dataset && <Legend coloring={coloring} />}
            <PlotTools />
            <KeyStrip />
            <LoadProgressBar />
            <HoverCard />
          </div>
        </section>
        <div className="right-panel">
          <ComparePanel colors={colors} />
          <NeighbourPanel />
          <LossChart />
          <HistoryScrubber />
        </div>
      </main>
    </div>
  )
}
