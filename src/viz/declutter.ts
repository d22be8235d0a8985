/** A label's box on screen, in CSS pixels. */
export interface LabelBox {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Which labels to show so none overlaps another: boxes come in priority order (the selection
 * first, then neighbours by rank, then the hovered item) and a box is shown only when it does not
 * overlap one already shown. `null` boxes (point off screen) are hidden. `pad` adds breathing room.
 */
export function declutter(boxes: (LabelBox | null)[], pad = 2): boolean[] {
  const shown: LabelBox[] = []
  return boxes.map((b) => {
    if (!b) return false
    const hit = shown.some(
      (s) =>
        b.x < s.x + s.width + pad &&
        s.x < b.x + b.width + pad &&
        b.y < s.y + s.height + pad &&
        s.y < b.y + b.height + pad,
    )
    if (!hit) shown.push(b)
    return !hit
  })
}
