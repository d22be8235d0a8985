import { type FormEvent, useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { useStore } from 'zustand'
import { CATEGORY_COLORS } from '../../viz/palette'
import './timeline.css'
import {
  MAX_TIMELINE_ITEMS,
  type TimelineSeries,
  startTimeline,
  stopTimeline,
  suggestTimelineItems,
  timelineStore,
} from './timelineRecorder'
import { useApp, useSession } from '../useSession'
import { neighboursOf } from '../session'

/** Okabe–Ito without its yellow, which is unreadable on the light theme's white. */
const COLORS = [0, 1, 2, 4, 5].map((i) => CATEGORY_COLORS[i])
/** A dash per line as well, so lines differ by more than colour. */
const DASHES = [[], [10, 5], [3, 4], [14, 4, 3, 4], [6, 6]]
const FONT = '15px system-ui, sans-serif'
const HEIGHT = 220
/** Whole-epoch tick spacings: a tick at epoch 2.5 would suggest a record that does not exist. */
const EPOCH_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
/** Above this many items the label suggestions list would cost more than it helps. */
const MAX_DATALIST = 5000

/** uPlot's columns: the recorded epochs, then each item's rank at them. */
const toData = (series: TimelineSeries[]): uPlot.AlignedData => [
  series[0]?.points.map((p) => p.epoch) ?? [],
  ...series.map((x) => x.points.map((p) => p.rank)),
]

/** Rank of each followed item per epoch; rank 1 at the top, on a log scale so the near ranks get the room. */
function RankChart({ series }: { series: TimelineSeries[] }) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  // The lines are fixed for the chart's life: the parent's key makes a new chart when they change.
  const lines = useRef(series)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const styles = getComputedStyle(el)
    const text = styles.getPropertyValue('--text').trim() || '#eef1f6'
    const grid = styles.getPropertyValue('--line').trim() || '#2e3440'
    const axis = { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid }, font: FONT }
    const u = new uPlot(
      {
        width: el.clientWidth || 300,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false },
          y: { distr: 3, dir: -1, range: (_u, _min, max) => [1, Math.max(5, max * 1.3)] },
        },
        axes: [
          { ...axis, label: 'epoch', labelFont: FONT, incrs: EPOCH_STEPS },
          { ...axis, label: 'rank', labelFont: FONT, size: 50 },
        ],
        series: [
          {},
          ...lines.current.map((s, k) => ({
            label: s.label,
            stroke: COLORS[k],
            dash: DASHES[k],
            width: 2.5,
            points: { size: 7 },
          })),
        ],
      },
      toData(lines.current),
      el,
    )
    plot.current = u
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: HEIGHT }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      u.destroy()
      plot.current = null
    }
  }, [])

  useEffect(() => {
    // At most one redraw per animation frame however fast epochs are recorded.
    const frame = requestAnimationFrame(() => plot.current?.setData(toData(series)))
    return () => cancelAnimationFrame(frame)
  }, [series])

  // The numbers are in the legend and the hidden table; this only names the picture.
  return <div ref={box} className="timeline-chart" role="img" aria-label="Ranks per epoch" />
}

/** Pinned item, followed items, Start / Stop. Keyed on the dataset so the choice resets with it. */
function TimelineForm({ labels }: { labels: readonly string[] }) {
  const c = useSession()
  const metric = useApp((s) => s.metric)
  const selected = useApp((s) => s.selected)
  const active = useStore(timelineStore, (t) => t.active)
  const pad = (others: string[]) =>
    Array.from({ length: MAX_TIMELINE_ITEMS }, (_, i) => others[i] ?? '')
  const suggest = (pinned: number | null) => {
    // Vectors of another dataset (mid-load) would name the wrong items: suggest none then.
    const byDistance = (p: number) =>
      c.live.items === labels.length
        ? neighboursOf(c, p, c.live.items, metric).map((n) => n.index)
        : []
    const s = suggestTimelineItems(labels, pinned, byDistance)
    return { pinned: s?.pinned ?? '', others: pad(s?.others ?? []) }
  }
  // Reopened while recording: show what is being followed, not a new suggestion.
  const [choice, setChoice] = useState(() => {
    const t = timelineStore.getState()
    return t.active && t.pinnedLabel !== null && labels[t.pinned ?? -1] === t.pinnedLabel
      ? { pinned: t.pinnedLabel, others: pad(t.series.map((x) => x.label)) }
      : suggest(selected)
  })
  const [error, setError] = useState<string | null>(null)
  const start = (e: FormEvent) => {
    e.preventDefault()
    try {
      const others = choice.others.map((o) => o.trim()).filter(Boolean)
      startTimeline(c, choice.pinned.trim(), others, metric)
      setError(null)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  const listId = labels.length <= MAX_DATALIST ? 'timeline-labels' : undefined
  return (
    <form className="timeline-form" onSubmit={start}>
      {listId && (
        <datalist id={listId}>
          {labels.map((l, i) => (
            <option key={i} value={l} />
          ))}
        </datalist>
      )}
      <label>
        Pinned item
        <input
          list={listId}
          value={choice.pinned}
          onChange={(e) => setChoice({ ...choice, pinned: e.target.value })}
        />
      </label>
      <div className="timeline-buttons">
        <button
          type="button"
          disabled={selected === null}
          onClick={() => selected !== null && setChoice({ ...choice, pinned: labels[selected] })}
        >
          Pin selected
        </button>
        <button
          type="button"
          onClick={() => setChoice(suggest(labels.indexOf(choice.pinned)))}
          title="Fill in items worth following for the pinned item"
        >
          Suggest items
        </button>
      </div>
      <fieldset>
        <legend>Follow (up to {MAX_TIMELINE_ITEMS})</legend>
        {choice.others.map((o, i) => (
          <input
            key={i}
            list={listId}
            aria-label={`Followed item ${i + 1}`}
            value={o}
            onChange={(e) =>
              setChoice({
                ...choice,
                others: choice.others.map((x, j) => (j === i ? e.target.value : x)),
              })
            }
          />
        ))}
      </fieldset>
      <div className="timeline-buttons">
        <button type="submit">{active ? 'Restart' : 'Start'}</button>
        <button type="button" disabled={!active} onClick={stopTimeline}>
          Stop
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
    </form>
  )
}

/** A small line sample in the series' colour and dash, for the legend. */
const Swatch = ({ k }: { k: number }) => (
  <svg width="28" height="10" aria-hidden="true">
    <path d="M0 5H28" stroke={COLORS[k]} strokeWidth={3} strokeDasharray={DASHES[k].join()} />
  </svg>
)

/**
 * The neighbour timeline: how the followed items climb or fall among the pinned item's nearest
 * neighbours as training goes on, and when one overtakes another. Recording happens in
 * `timelineRecorder` (outside React), so closing this panel loses nothing.
 */
export function TimelinePanel() {
  const dataset = useApp((s) => s.dataset)
  const theme = useApp((s) => s.theme)
  const t = useStore(timelineStore)
  const last = (s: TimelineSeries) => s.points[s.points.length - 1]
  const epoch = t.series[0]?.points.at(-1)?.epoch
  const similarity = t.metric === 'cosine' ? 'cosine similarity' : 'similarity'
  return (
    <section
      className="timeline-panel"
      data-testid="timeline-panel"
      aria-label="Neighbour timeline"
    >
      <h2>Neighbour timeline</h2>
      {t.series.length > 0 && (
        <>
          <p className="timeline-note">
            Rank among the neighbours of <strong>{t.pinnedLabel}</strong> (1 = nearest)
            {t.active ? '' : ' · stopped'}
          </p>
          <RankChart
            key={`${theme}:${t.series.map((s) => s.label).join('\n')}`}
            series={t.series}
          />
          <ul className="timeline-legend">
            {t.series.map((s, k) => (
              <li key={s.index}>
                <Swatch k={k} /> <strong>{s.label}</strong>{' '}
                {last(s)
                  ? `rank ${last(s).rank}, ${similarity} ${last(s).similarity.toFixed(2)}`
                  : 'waiting for vectors'}
              </li>
            ))}
          </ul>
          <table className="timeline-sr-only">
            <caption>
              Latest ranks among the neighbours of {t.pinnedLabel}
              {epoch === undefined ? '' : ` at epoch ${epoch}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Rank</th>
                <th scope="col">{similarity}</th>
              </tr>
            </thead>
            <tbody>
              {t.series.map((s) => (
                <tr key={s.index}>
                  <th scope="row">{s.label}</th>
                  <td>{last(s)?.rank ?? '–'}</td>
                  <td>{last(s)?.similarity.toFixed(3) ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Crossings</h3>
          {t.crossings.length === 0 && <p className="timeline-note">No overtaking yet.</p>}
          <ul className="timeline-crossings" aria-live="polite">
            {t.crossings.map((x) => (
              <li key={x.text} data-testid="crossing">
                {x.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {dataset ? (
        // While recording, the chart comes first and the choices fold away (a 720 px projector).
        <details className="timeline-choose" open={!t.active} key={String(t.active)}>
          <summary>Choose the items to follow</summary>
          <TimelineForm key={`${dataset.name}:${dataset.labels.length}`} labels={dataset.labels} />
        </details>
      ) : (
        <p className="timeline-note">Load a dataset to follow its items.</p>
      )}
    </section>
  )
}
