import { useCallback, useMemo } from 'react'
import { useStore } from 'zustand'
import { sequenceLinks } from '../../model/datasets/sequences'
import { visibilityMask } from '../../viz/highlight'
import { Scene } from '../../viz/Scene'
import type { SceneHandle } from '../../viz/types'
import { labelTexts } from '../data'
import { plotScene, sceneSource } from './plotScene'
import { spriteStore } from '../session'
import { useApp, useSession } from '../useSession'
import { useSelectionNeighbours } from '../explore'
import { hover, notify, select, selectMany } from '../session'

/**
 * The scatter plot, fed from the store: what the scene draws (selection, neighbours, search,
 * isolation, labels, hover, camera requests) and where its events go. It re-renders when those
 * change (and with new positions while something is selected, for the false neighbours); the
 * positions themselves reach the scene through its source, never through React.
 */
export function Plot({ colors }: { colors: Float32Array }) {
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const selected = useApp((s) => s.selected)
  const selection = useApp((s) => s.selection)
  const isolated = useApp((s) => s.isolated)
  const hovered = useApp((s) => s.hovered)
  const dims = useApp((s) => s.dims)
  const matches = useApp((s) => s.search.matches)
  const labelBy = useApp((s) => s.labelBy)
  const theme = useApp((s) => s.theme)
  const pointScale = useApp((s) => s.pointScale)
  const selectTool = useApp((s) => s.selectTool)
  const cameraRequest = useApp((s) => s.camera)
  const autoRotate = useApp((s) => s.autoRotate)
  const sheet = useStore(spriteStore, (s) => s.sheet)
  const showImages = useStore(spriteStore, (s) => s.showImages)
  const { neighbours, misleading } = useSelectionNeighbours()

  const source = useMemo(() => sceneSource(c), [c])
  const onReady = useCallback((h: SceneHandle | null) => void (plotScene(c).handle = h), [c])
  const onContextLost = useCallback(
    (lost: boolean) =>
      notify(
        c,
        lost
          ? 'The graphics card dropped the plot (its WebGL context was lost). It comes back when the browser restores it; training and your data are not affected.'
          : null,
      ),
    [c],
  )
  const onHover = useCallback(
    (i: number | null, at: [number, number] | null) => hover(c, i, at),
    [c],
  )
  const onPick = useCallback((i: number | null, opts: { add: boolean }) => select(c, i, opts), [c])
  const onSelectMany = useCallback(
    (found: number[], opts: { add: boolean }) => selectMany(c, found, opts),
    [c],
  )

  const highlighted = useMemo(
    () => (selected === null ? [] : [selected, ...neighbours.map((n) => n.index)]),
    [selected, neighbours],
  )
  const misleadingIndices = useMemo(() => misleading.map((m) => m.index), [misleading])
  const others = useMemo(() => selection.filter((i) => i !== selected), [selection, selected])
  const n = dataset?.labels.length ?? 0
  const visible = useMemo(() => visibilityMask(n, isolated), [n, isolated])
  const labels = useMemo(() => labelTexts(dataset, labelBy), [dataset, labelBy])
  const sequences = useMemo(
    () =>
      dataset && (dataset.kind === 'vectors' || dataset.kind === 'table')
        ? sequenceLinks(dataset.metadata, n)
        : null,
    [dataset, n],
  )

  return (
    <Scene
      source={source}
      onReady={onReady}
      onContextLost={onContextLost}
      highlighted={highlighted}
      misleading={misleadingIndices}
      hovered={hovered}
      selection={others}
      matches={matches}
      visible={visible}
      sequences={sequences}
      colors={colors}
      labels={labels}
      dims={dims}
      theme={theme}
      pointScale={pointScale}
      sprites={sheet && showImages ? sheet : null}
      selectTool={selectTool}
      cameraRequest={cameraRequest}
      autoRotate={autoRotate}
      onHover={onHover}
      onPick={onPick}
      onSelectMany={onSelectMany}
    />
  )
}
