import { useMemo } from 'react'
import { formatDisplayNumber } from '../../model/search'
import {
  categoricalColors,
  colorCategories,
  hexToRgb,
  type LegendEntry,
  quantileRanks,
  rampColor,
} from '../../viz/palette'
import { useApp, useSession } from '../useSession'

/** `colorBy` value that colours each point by how many of its neighbours the layout keeps. */
export const PRESERVATION = '__preservation__'

export type Coloring =
  | { kind: 'categorical'; title: string; legend: LegendEntry[]; colors: Float32Array }
  | { kind: 'ramp'; title: string; low: string; high: string; colors: Float32Array }

/** Per-point colours for the current "colour by" choice, with what the legend needs. */
export function useColoring(): Coloring | null {
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const colorBy = useApp((s) => s.colorBy)
  const colorAs = useApp((s) => s.colorAs)
  const quality = useApp((s) => s.quality)
  return useMemo(() => {
    if (!dataset) return null
    const n = dataset.labels.length
    if (colorBy === PRESERVATION) {
      const recall = c.live.pointRecall
      if (!quality || !recall || recall.length !== n) return null
      const colors = new Float32Array(n * 3)
      recall.forEach((r, i) => colors.set(rampColor(r), i * 3))
      return {
        kind: 'ramp',
        title: `neighbour preservation (recall@${quality.k})`,
        low: 'none kept',
        high: 'all kept',
        colors,
      }
    }
    const attr = dataset.attributes.find((a) => a.name === colorBy)
    if (!attr) return null
    const categories = colorCategories(attr, colorAs)
    if (categories) {
      const { legend, itemEntry } = categoricalColors(categories)
      const rgb = legend.map((e) => hexToRgb(e.color))
      const colors = new Float32Array(n * 3)
      itemEntry.forEach((entry, i) => colors.set(rgb[entry], i * 3))
      return { kind: 'categorical', title: attr.name, legend, colors }
    }
    if (attr.kind !== 'numeric') return null
    let lo = Infinity
    let hi = -Infinity
    for (const v of attr.values)
      if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)]
    const ranks = quantileRanks(attr.values)
    const colors = new Float32Array(n * 3)
    ranks.forEach((t, i) => colors.set(rampColor(t), i * 3))
    const fmt = (x: number) => (Number.isFinite(x) ? formatDisplayNumber(x) : '–')
    return { kind: 'ramp', title: `${attr.name} (by rank)`, low: fmt(lo), high: fmt(hi), colors }
  }, [c, dataset, colorBy, colorAs, quality])
}
