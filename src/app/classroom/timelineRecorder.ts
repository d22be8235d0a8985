import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Metric } from '../../model/neighbours'
import { NeighbourTimeline, describeCrossing, type TimelinePoint } from '../../model/timeline'
import type { LiveBuffers } from '../session/live'

/** Most items one timeline watches besides the pinned one: 5 keeps the chart readable and every line a distinct colour. */
export const MAX_TIMELINE_ITEMS = 5

/** The part of the app state the recorder reads (the real `AppState` has all of it). */
export interface TimelineAppState {
  epoch: number
  /** Training step of the latest progress report; tells whether the live vectors are that recent yet. */
  step: number
  version: number
  dataset: { labels: readonly string[] } | null
}

/** What the recorder needs from the session (which satisfies it), so a test can hand it a small fake. */
export interface TimelineHost {
  store: Pick<StoreApi<TimelineAppState>, 'getState' | 'subscribe'>
  live: Pick<LiveBuffers, 'vectors' | 'items' | 'dim' | 'run' | 'step'>
}

/** One watched item's line: its rank (1 = nearest) and similarity to the pinned item per recorded epoch. */
export interface TimelineSeries {
  index: number
  label: string
  points: TimelinePoint[]
}

/** What the panel shows. Indices refer to the dataset the timeline was (last) recorded on. */
export interface TimelineState {
  /** True while new epochs are being recorded; a stopped timeline keeps its points on screen. */
  active: boolean
  pinned: number | null
  pinnedLabel: string | null
  others: number[]
  metric: Metric
  /** One series per watched item, in the order chosen. */
  series: TimelineSeries[]
  /** Overtakings as sentences, newest epoch first. */
  crossings: { epoch: number; text: string }[]
  /** Bumped on every change, so a chart can redraw without comparing arrays. */
  version: number
}

const EMPTY: TimelineState = {
  active: false,
  pinned: null,
  pinnedLabel: null,
  others: [],
  metric: 'cosine',
  series: [],
  crossings: [],
  version: 0,
}

/**
 * Records a `NeighbourTimeline` from the live vectors as training goes on. It lives outside React
 * (a vanilla zustand store) so the data survives the panel being closed.
 *
 * The store's `epoch` comes straight from the training worker, while the vectors take the longer
 * way through the projection worker, so they lag. An epoch is therefore recorded only once the
 * live vectors are at least as new as the progress report that announced it (`live.step` ≥ the
 * step seen with the new epoch); otherwise epoch 14 would often be drawn from epoch-13 vectors.
 */
export class TimelineRecorder {
  readonly store = createStore<TimelineState>()(() => EMPTY)
  private timeline: NeighbourTimeline | null = null
  private labels: readonly string[] = []
  /** The live run the points came from; null adopts the next run that shows up. */
  private run: number | null = null
  /** After a dataset change: the old run, whose vectors must not be read as the new dataset's. */
  private staleRun: number | null = null
  private lastEpoch: number | null = null
  /** The epoch in the store and the step of the report that first showed it. */
  private mark = { epoch: 0, step: 0 }

  /** Starts a fresh timeline; records the current epoch at once when its vectors are here. Throws on unknown labels. */
  start(c: TimelineHost, pinnedLabel: string, otherLabels: string[], metric: Metric = 'cosine') {
    const s = c.store.getState()
    const labels = s.dataset?.labels
    if (!labels) throw new Error('Load a dataset first.')
    const find = (label: string) => {
      const i = labels.indexOf(label)
      if (i < 0) throw new Error(`No item labelled "${label}".`)
      return i
    }
    const pinned = find(pinnedLabel)
    const others = [...new Set(otherLabels)].filter((l) => l !== pinnedLabel).map(find)
    if (others.length === 0) throw new Error('Choose at least one item to follow.')
    if (others.length > MAX_TIMELINE_ITEMS)
      throw new Error(`Follow at most ${MAX_TIMELINE_ITEMS} items.`)
    this.timeline = new NeighbourTimeline(pinned, others, metric)
    this.labels = labels
    this.run = null
    this.staleRun = null
    this.lastEpoch = null
    // Not attached (or nothing seen yet): the report in the store now is the safe bound.
    if (this.mark.epoch !== s.epoch || this.mark.step > s.step)
      this.mark = { epoch: s.epoch, step: s.step }
    this.publish()
    this.tryRecord(c)
  }

  /** Stops recording; the chart and crossings stay until the next start. */
  stop(): void {
    this.timeline = null
    if (this.store.getState().active)
      this.store.setState((t) => ({ active: false, version: t.version + 1 }))
  }

  /** Follows the app store: records new epochs, clears on a new run or dataset. Returns the unsubscribe. */
  attach(c: TimelineHost): () => void {
    const s = c.store.getState()
    this.mark = { epoch: s.epoch, step: s.step }
    return c.store.subscribe((s, prev) => {
      if (s.epoch !== prev.epoch || s.step < prev.step || s.dataset !== prev.dataset)
        this.mark = { epoch: s.epoch, step: s.step }
      // Steps only go back when a new run starts (reset, parameters, backend): until its first
      // vectors arrive, the live ones are the old run's and must not be read as its epoch 0.
      if (s.step < prev.step && this.timeline) this.staleRun = c.live.run
      if (s.dataset !== prev.dataset) this.onDataset(c, s.dataset?.labels ?? null)
      if (s.version !== prev.version || s.epoch !== prev.epoch) this.tryRecord(c)
    })
  }

  /** A new dataset: follow the same labels where they exist; stop when the pinned item or every other is gone. */
  private onDataset(c: TimelineHost, labels: readonly string[] | null) {
    const t = this.timeline
    if (!t) return
    const pinned = labels ? labels.indexOf(this.labels[t.pinned]) : -1
    const others = t.others
      .map((i) => labels?.indexOf(this.labels[i]) ?? -1)
      .filter((i) => i >= 0 && i !== pinned)
    if (!labels || pinned < 0 || others.length === 0) {
      this.timeline = null
      this.store.setState((s) => ({ ...EMPTY, version: s.version + 1 }))
      return
    }
    this.timeline = new NeighbourTimeline(pinned, others, t.metric)
    this.labels = labels
    this.run = null
    this.staleRun = c.live.run
    this.lastEpoch = null
    this.publish()
  }

  private tryRecord(c: TimelineHost) {
    const t = this.timeline
    const { live } = c
    const s = c.store.getState()
    if (!t || s.dataset?.labels !== this.labels) return
    if (live.items !== this.labels.length || live.vectors.length < live.items * live.dim) return
    if (live.run === this.staleRun) return
    if (live.run !== this.run) {
      // A new run (reset, new parameters, new backend): its epochs start again.
      const had = t.epochs().length > 0
      t.clear()
      this.run = live.run
      this.staleRun = null
      this.lastEpoch = null
      if (had) this.publish()
    }
    if (s.epoch === this.lastEpoch || live.step < this.mark.step) return
    t.record(s.epoch, live.vectors, live.items, live.dim)
    this.lastEpoch = s.epoch
    this.publish()
  }

  /** Copies the timeline into the store (active: a stopped timeline is never published again). */
  private publish() {
    const t = this.timeline
    if (!t) return
    const labels = this.labels
    this.store.setState((s) => ({
      active: true,
      pinned: t.pinned,
      pinnedLabel: labels[t.pinned],
      others: [...t.others],
      metric: t.metric,
      series: t.series().map((x) => ({ ...x, label: labels[x.index] })),
      // Stable sort: crossings of the same epoch keep the model's order (best new rank first).
      crossings: t
        .crossings()
        .map((x) => ({ epoch: x.epoch, text: describeCrossing(x, labels) }))
        .sort((a, b) => b.epoch - a.epoch),
      version: s.version + 1,
    }))
  }
}

/** The app's one recorder. */
export const timelineRecorder = new TimelineRecorder()
/** Its state, for the panel (`useStore(timelineStore, selector)`). */
export const timelineStore = timelineRecorder.store

/** Starts following `otherLabels` among the neighbours of `pinnedLabel`. */
export const startTimeline = (
  c: TimelineHost,
  pinnedLabel: string,
  otherLabels: string[],
  metric: Metric = 'cosine',
) => timelineRecorder.start(c, pinnedLabel, otherLabels, metric)
/** Stops recording and keeps what was recorded. */
export const stopTimeline = () => timelineRecorder.stop()
/** Call once at app start; returns the unsubscribe. */
export const attachTimeline = (c: TimelineHost) => timelineRecorder.attach(c)

/** Trees dataset: a redwood's close relatives and two strangers make a good first demo. */
const TREE_DEFAULTS = ['Giant sequoia', 'Dawn redwood', 'Coconut palm', 'Baobab']

/**
 * The panel's first choice: the selected item (when a valid index), else "Coast redwood", else the first item; then the
 * tree defaults for Coast redwood, else its 4 nearest neighbours and its farthest item.
 * `byDistance(i)` lists the other items nearest first (empty before any vectors exist).
 */
export function suggestTimelineItems(
  labels: readonly string[],
  selected: number | null,
  byDistance: (pinned: number) => number[],
): { pinned: string; others: string[] } | null {
  if (labels.length < 2) return null
  const redwood = labels.indexOf('Coast redwood')
  const valid = selected !== null && selected >= 0 && selected < labels.length
  const pinned = valid ? selected : redwood >= 0 ? redwood : 0
  const trees = TREE_DEFAULTS.filter((l) => labels.includes(l))
  if (pinned === redwood && trees.length > 0) return { pinned: labels[pinned], others: trees }
  const order = byDistance(pinned).filter((i) => i !== pinned)
  const picks = order.length > 5 ? [...order.slice(0, 4), order[order.length - 1]] : order
  return { pinned: labels[pinned], others: picks.map((i) => labels[i]) }
}
