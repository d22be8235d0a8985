import type { Metric } from '../../model/neighbours'
import { searchItems } from '../../model/search'
import { indexOf, neighboursOf } from './neighbours'
import type { Session } from './session'
import { EMPTY_SEARCH, type CameraRequest, type ColorAs, type Theme, type ViewSlice } from './store'

/** Neighbour list length: at least this many … */
export const MIN_NEIGHBOURS = 5
/** … and at most this many. */
export const MAX_NEIGHBOURS = 100
/** Point size multiplier range. */
export const POINT_SCALE_RANGE = [0.25, 4] as const

const THEME_KEY = 'embedding-explorer.theme'

// What the user does to the view: selecting (click, shift-click, box, lasso, search), isolating,
// the neighbour list's k and metric, colour/label/size, theme, panels and camera requests. The UI
// and the automation API call these, so both act the same.

/** Selects one item (or none); with `add`, toggles it in the selection instead (shift-click). */
export function select(s: Session, index: number | null, opts: { add?: boolean } = {}): void {
  const st = s.store.getState()
  if (index === null) {
    if (!opts.add) s.store.setState({ selected: null, selection: [] })
    return
  }
  if (!opts.add) return s.store.setState({ selected: index, selection: [index] })
  if (st.selection.includes(index)) {
    const selection = st.selection.filter((i) => i !== index)
    const selected = st.selected === index ? (selection[selection.length - 1] ?? null) : st.selected
    s.store.setState({ selection, selected })
  } else s.store.setState({ selection: [...st.selection, index], selected: index })
}

/** Selects many items at once (box, lasso, "select all matches"); `add` keeps the earlier ones. */
export function selectMany(s: Session, indices: number[], opts: { add?: boolean } = {}): void {
  const st = s.store.getState()
  const visible = st.isolated ? new Set(st.isolated) : null
  const picked = visible ? indices.filter((i) => visible.has(i)) : indices
  const merged = opts.add ? [...new Set([...st.selection, ...picked])] : [...new Set(picked)]
  // The primary item stays when it is still selected; otherwise the first picked one leads.
  const selected =
    st.selected !== null && merged.includes(st.selected) ? st.selected : (merged[0] ?? null)
  s.store.setState({ selection: merged, selected })
}

export function clearSelection(s: Session): void {
  s.store.setState({ selected: null, selection: [] })
}

/** Hides everything but the selection and the primary item's neighbours; `false` shows all again. */
export function isolate(s: Session, on = true): void {
  if (!on) return s.store.setState({ isolated: null })
  const st = s.store.getState()
  const keep = new Set(st.selection)
  if (st.selected !== null) {
    keep.add(st.selected)
    for (const i of neighboursOf(s, st.selected, st.neighbourK, st.metric).map((n) => n.index))
      keep.add(i)
  }
  if (keep.size === 0) return
  s.store.setState({ isolated: [...keep].sort((a, b) => a - b) })
}

/** Shows only these items (a Projector bookmark's filter); an empty list shows all again. */
export function showOnly(s: Session, indices: readonly number[]): void {
  const n = s.store.getState().dataset?.labels.length ?? 0
  const keep = [...new Set(indices.filter((i) => Number.isInteger(i) && i >= 0 && i < n))]
  s.store.setState({ isolated: keep.length ? keep.sort((a, b) => a - b) : null })
}

/** Runs a search over labels and attributes; the matches are highlighted in the plot. */
export function search(s: Session, q: { text?: string; regex?: boolean; field?: string }): void {
  const st = s.store.getState()
  const next = { ...st.search, ...q }
  if (!st.dataset || next.text === '')
    return s.store.setState({
      search: { ...EMPTY_SEARCH, regex: next.regex, field: next.field },
    })
  const r = searchItems(st.dataset.labels, st.dataset.attributes, {
    text: next.text,
    regex: next.regex,
    field: next.field,
  })
  s.store.setState({ search: { ...next, matches: r.matches, total: r.total, error: r.error } })
}

/** Selects every current search match. */
export function selectMatches(s: Session, opts: { add?: boolean } = {}): void {
  selectMany(s, s.store.getState().search.matches, opts)
}

export function setNeighbours(s: Session, p: { k?: number; metric?: Metric }): void {
  const patch: Partial<ViewSlice> = {}
  if (p.k !== undefined) {
    if (!Number.isInteger(p.k) || p.k < MIN_NEIGHBOURS || p.k > MAX_NEIGHBOURS)
      throw new RangeError(
        `The neighbour count must be a whole number from ${MIN_NEIGHBOURS} to ${MAX_NEIGHBOURS}.`,
      )
    patch.neighbourK = p.k
  }
  if (p.metric !== undefined) {
    if (p.metric !== 'cosine' && p.metric !== 'euclidean')
      throw new RangeError('The metric must be "cosine" or "euclidean".')
    patch.metric = p.metric
  }
  s.store.setState(patch)
}

export function setColorBy(s: Session, name: string | null): void {
  s.store.setState({ colorBy: name, colorAs: 'auto' })
}

/** Colours a numeric column as categories or as numbers ('auto': the Projector's rule). */
export function setColorAs(s: Session, colorAs: ColorAs): void {
  s.store.setState({ colorAs })
}

export function setLabelBy(s: Session, name: string | null): void {
  s.store.setState({ labelBy: name })
}

export function setPointScale(s: Session, scale: number): void {
  const [lo, hi] = POINT_SCALE_RANGE
  if (!Number.isFinite(scale)) return
  s.store.setState({ pointScale: Math.min(hi, Math.max(lo, scale)) })
}

export function setTheme(s: Session, theme: Theme): void {
  s.store.setState({ theme })
  try {
    globalThis.localStorage?.setItem(THEME_KEY, theme)
  } catch {
    // Storage refused (private mode): the theme still applies for this visit.
  }
}

/** The theme saved on an earlier visit, else the system's preference. */
export function initialTheme(): Theme {
  try {
    const saved = globalThis.localStorage?.getItem(THEME_KEY)
    if (saved === 'light' || saved === 'dark') return saved
  } catch {
    // fall through to the system preference
  }
  return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark'
}

export function setAutoRotate(s: Session, on: boolean): void {
  s.store.setState({ autoRotate: on })
}

export function togglePanel(s: Session, side: 'left' | 'right'): void {
  const c = s.store.getState().collapsed
  s.store.setState({ collapsed: { ...c, [side]: !c[side] } })
}

export function setSelectTool(s: Session, tool: 'lasso' | 'box'): void {
  s.store.setState({ selectTool: tool })
}

/** Asks the scene to move the camera. */
export function camera(
  s: Session,
  kind: CameraRequest['kind'],
  at?: Pick<CameraRequest, 'position' | 'target'>,
): void {
  s.store.setState({ camera: { kind, nonce: ++s.runtime.cameraNonce, ...at } })
}

export function notify(s: Session, message: string | null): void {
  s.store.setState({ notice: message })
}

/**
 * Puts back view settings kept in a session or a shared link. Labels no longer in the dataset
 * and settings out of range are dropped rather than failing the whole restore.
 */
export function applySaved(
  s: Session,
  v: {
    selection?: string[]
    labelBy?: string | null
    colorBy?: string | null
    neighbourK?: number
    metric?: Metric
    pointScale?: number
  },
): void {
  const ds = s.store.getState().dataset
  if (!ds) return
  const has = (name: string | null | undefined) =>
    name != null && ds.attributes.some((a) => a.name === name)
  if (v.labelBy !== undefined) setLabelBy(s, has(v.labelBy) ? v.labelBy! : null)
  if (v.colorBy && has(v.colorBy)) setColorBy(s, v.colorBy)
  if (v.pointScale !== undefined) setPointScale(s, v.pointScale)
  try {
    setNeighbours(s, { k: v.neighbourK, metric: v.metric })
  } catch {
    // an out-of-range count from an old session: keep the default
  }
  if (v.selection) {
    const index = new Map(ds.labels.map((l, i) => [l, i] as const))
    const found = v.selection.flatMap((l) => (index.has(l) ? [index.get(l)!] : []))
    selectMany(s, found)
    if (found.length) s.store.setState({ selected: found[0] })
  }
}

/** Presenter mode: large type, only the essentials, the main keys shown on the plot. */
export function setPresenter(s: Session, on: boolean): void {
  s.store.setState({ presenter: on })
}

/** Opens or closes the keyboard shortcut overlay. */
export function setKeysOpen(s: Session, open: boolean): void {
  s.store.setState({ keysOpen: open })
}

/** Says `text` to screen readers (the polite live region). */
export function announce(s: Session, text: string): void {
  s.store.setState({ announcement: text })
}

/** Moves the neighbour tour (which neighbour of `anchor` is shown), announces it and shows its card. */
export function setTour(
  s: Session,
  tour: ViewSlice['tour'],
  announcement: string,
  shown?: { index: number; at: [number, number] | null },
): void {
  s.store.setState({
    tour,
    announcement,
    ...(shown ? { hovered: shown.index, hoverAt: shown.at } : {}),
  })
}

/** The item under the pointer (and where the pointer is, in CSS px of the plot), or none. */
export function hover(s: Session, index: number | null, at: [number, number] | null): void {
  s.store.setState({ hovered: index, hoverAt: at })
}

/** Selects the item with this label (null clears), as a click on it would. */
export function selectLabel(s: Session, label: string | null, opts: { add?: boolean } = {}): void {
  select(s, label === null ? null : indexOf(s, label), opts)
}
