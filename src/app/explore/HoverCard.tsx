import { attributeText } from '../data'
import { Thumb } from './Thumb'
import { useApp } from '../useSession'

/** Attributes shown on the card, at most (wide tables would cover the plot). */
const MAX_ROWS = 10
const CARD_WIDTH = 300

/** A card by the pointer with the hovered item's label and attributes (always as text). */
export function HoverCard() {
  const dataset = useApp((s) => s.dataset)
  const hovered = useApp((s) => s.hovered)
  const at = useApp((s) => s.hoverAt)
  const selected = useApp((s) => s.selected)
  if (!dataset || hovered === null || !at || hovered >= dataset.labels.length) return null
  const rows = dataset.attributes
    .map((a) => [a.name, attributeText(a, hovered)] as const)
    .filter(([, v]) => v !== '')
  // Keep the card inside the plot: flip to the pointer's left near the right edge.
  const flip = at[0] > (document.querySelector('.plot')?.clientWidth ?? 1e9) - CARD_WIDTH - 24
  const style = {
    top: `${Math.max(8, at[1] + 16)}px`,
    left: flip ? undefined : `${at[0] + 16}px`,
    right: flip ? `calc(100% - ${at[0] - 16}px)` : undefined,
  }
  return (
    <div className="hover-card" style={style} data-testid="hover-card" role="tooltip">
      <Thumb index={hovered} label={dataset.labels[hovered]} size={96} />
      <strong>{dataset.labels[hovered]}</strong>
      {rows.length > 0 && (
        <dl>
          {rows.slice(0, MAX_ROWS).map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {rows.length > MAX_ROWS && <p className="muted small">+{rows.length - MAX_ROWS} more</p>}
      <p className="muted small">
        {hovered === selected ? 'Selected' : 'Click to select · Shift-click to add'}
      </p>
    </div>
  )
}
