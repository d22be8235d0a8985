import type { Metric } from '../model/neighbours'
import { searchItems } from '../model/search'
import {
  EMPTY_SEARCH,
  type AppStore,
  type CameraRequest,
  type Theme,
  type ViewSlice,
} from './store'

/** Neighbour list length: at least this many … */
export const MIN_NEIGHBOURS = 5
/** … and at most this many. */
export const MAX_NEIGHBOURS = 100
/** Point size multiplier range. */
export const POINT_SCALE_RANGE = [0.25, 4] as const

const THEME_KEY = 'embedding-explorer.theme'

/**
 * What the user does to the view: selecting (click, shift-click, box, lasso, search), isolating,
 * the neighbour list's k and metric, colour/label/size, theme, panels and camera requests. The UI
 * and the automation API call these, so both act the same.
 */
export class ViewActions {
  private cameraNonce = 0

  constructor(
    private readonly store: AppStore,
    private readonly neighboursOf: (index: number, k: number, metric: Metric) => number[],
  ) {}

  /** Selects one item (or none); with `add`, toggles it in the selection instead (shift-click). */
  select(index: number | null, opts: { add?: boolean } = {}): void {
    const s = this.store.getState()
    if (index === null) {
      if (!opts.add) this.store.setState({ selected: null, selection: [] })
      return
    }
    if (!opts.add) return this.store.setState({ selected: index, selection: [index] })
    if (s.selection.includes(index)) {
      const selection = s.selection.filter((i) => i !== index)
      const selected = s.selected === index ? (selection[selection.length - 1] ?? null) : s.selected
      this.store.setState({ selection, selected })
    } else this.store.setState({ selection: [...s.selection, index], selected: index })
  }

  /** Selects many items at once (box, lasso, "select all matches"); `add` keeps the earlier ones. */
  selectMany(indices: number[], opts: { add?: boolean } = {}): void {
    const s = this.store.getState()
    const visible = s.isolated ? new Set(s.isolated) : null
    const picked = visible ? indices.filter((i) => visible.has(i)) : indices
    const merged = opts.add ? [...new Set([...s.selection, ...picked])] : [...new Set(picked)]
    // The primary item stays when it is still selected; otherwise the first picked one leads.
    const selected =
      s.selected !== null && merged.includes(s.selected) ? s.selected : (merged[0] ?? null)
    this.store.setState({ selection: merged, selected })
  }

  clearSelection(): void {
    this.store.setState({ selected: null, selection: [] })
  }

  /** Hides everything but the selection and the primary item's neighbours; `false` shows all again. */
  isolate(on = true): void {
    if (!on) return this.store.setState({ isolated: null })
    const s = this.store.getState()
    const keep = new Set(s.selection)
    if (s.selected !== null) {
      keep.add(s.selected)
      for (const i of this.neighboursOf(s.selected, s.neighbourK, s.metric)) keep.add(i)
    }
    if (keep.size === 0) return
    this.store.setState({ isolated: [...keep].sort((a, b) => a - b) })
  }

  /** Runs a search over labels and attributes; the matches are highlighted in the plot. */
  search(q: { text?: string; regex?: boolean; field?: string }): void {
    const s = this.store.getState()
    const next = { ...s.search, ...q }
    if (!s.dataset || next.text === '')
      return this.store.setState({
        search: { ...EMPTY_SEARCH, regex: next.regex, field: next.field },
      })
    const r = searchItems(s.dataset.labels, s.dataset.attributes, {
      text: next.text,
      regex: next.regex,
      field: next.field,
    })
    this.store.setState({ search: { ...next, matches: r.matches, total: r.total, error: r.error } })
  }

  /** Selects every current search match. */
  selectMatches(opts: { add?: boolean } = {}): void {
    this.selectMany(this.store.getState().search.matches, opts)
  }

  setNeighbours(p: { k?: number; metric?: Metric }): void {
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
    this.store.setState(patch)
  }

  setColorBy(name: string | null): void {
    this.store.setState({ colorBy: name })
  }

  setLabelBy(name: string | null): void {
    this.store.setState({ labelBy: name })
  }

  setPointScale(scale: number): void {
    const [lo, hi] = POINT_SCALE_RANGE
    if (!Number.isFinite(scale)) return
    this.store.setState({ pointScale: Math.min(hi, Math.max(lo, scale)) })
  }

  setTheme(theme: Theme): void {
    this.store.setState({ theme })
    try {
      globalThis.localStorage?.setItem(THEME_KEY, theme)
    } catch {
      // Storage refused (private mode): the theme still applies for this visit.
    }
  }

  /** The theme saved on an earlier visit, else the system's preference. */
  static initialTheme(): Theme {
    try {
      const saved = globalThis.localStorage?.getItem(THEME_KEY)
      if (saved === 'light' || saved === 'dark') return saved
    } catch {
      // fall through to the system preference
    }
    return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark'
  }

  setAutoRotate(on: boolean): void {
    this.store.setState({ autoRotate: on })
  }

  togglePanel(side: 'left' | 'right'): void {
    const c = this.store.getState().collapsed
    this.store.setState({ collapsed: { ...c, [side]: !c[side] } })
  }

  setSelectTool(tool: 'lasso' | 'box'): void {
    this.store.setState({ selectTool: tool })
  }

  /** The item under the pointer (null: none) and where the pointer is, for the hover card. */
  hover(index: number | null, at: [number, number] | null): void {
    this.store.setState({ hovered: index, hoverAt: at })
  }

  /** Asks the scene to move the camera. */
  camera(kind: CameraRequest['kind'], at?: Pick<CameraRequest, 'position' | 'target'>): void {
    this.store.setState({ camera: { kind, nonce: ++this.cameraNonce, ...at } })
  }

  notify(message: string | null): void {
    this.store.setState({ notice: message })
  }

  /**
   * Puts back view settings kept in a session or a shared link. Labels no longer in the dataset
   * and settings out of range are dropped rather than failing the whole restore.
   */
  applySaved(v: {
    selection?: string[]
    labelBy?: string | null
    colorBy?: string | null
    neighbourK?: number
    metric?: Metric
    pointScale?: number
  }): void {
    const ds = this.store.getState().dataset
    if (!ds) return
    const has = (name: string | null | undefined) =>
      name != null && ds.attributes.some((a) => a.name === name)
    if (v.labelBy !== undefined) this.setLabelBy(has(v.labelBy) ? v.labelBy! : null)
    if (v.colorBy && has(v.colorBy)) this.setColorBy(v.colorBy)
    if (v.pointScale !== undefined) this.setPointScale(v.pointScale)
    try {
      this.setNeighbours({ k: v.neighbourK, metric: v.metric })
    } catch {
      // an out-of-range count from an old session: keep the default
    }
    if (v.selection) {
      const index = new Map(ds.labels.map((l, i) => [l, i] as const))
      const found = v.selection.flatMap((l) => (index.has(l) ? [index.get(l)!] : []))
      this.selectMany(found)
      if (found.length) this.store.setState({ selected: found[0] })
    }
  }
}
