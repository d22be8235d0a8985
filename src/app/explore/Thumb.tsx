import { useEffect, useRef } from 'react'
import { useStore } from 'zustand'
import { cellRect } from '../../model/datasets/sprite'
import { spriteStore } from '../session/sprite'

export interface ThumbProps {
  /** The item's index in the dataset (its thumbnail's place in the sheet). */
  index: number
  /** The item's label: the image's accessible name. */
  label: string
  /** Longest side in CSS pixels; the thumbnail keeps its aspect ratio. Default 48. */
  size?: number
}

/**
 * Item `index`'s thumbnail from the current sprite sheet, drawn into a small canvas (cut from the
 * one shared bitmap, so a list of hundreds costs no image decoding). Nothing when there is no
 * sheet, the sheet was made for other items, or the index is outside its grid.
 */
export function Thumb({ index, label, size = 48 }: ThumbProps) {
  const sheet = useStore(spriteStore, (s) => s.sheet)
  const canvas = useRef<HTMLCanvasElement>(null)
  const valid = sheet !== null && Number.isInteger(index) && index >= 0 && index < sheet.items
  const grid = sheet?.grid
  const aspect = grid ? grid.cellWidth / grid.cellHeight : 1
  const width = Math.max(1, Math.round(aspect >= 1 ? size : size * aspect))
  const height = Math.max(1, Math.round(aspect >= 1 ? size / aspect : size))

  useEffect(() => {
    const el = canvas.current
    if (!el || !sheet || !valid) return
    // Draw at device resolution so thumbnails stay sharp on high-DPI screens.
    const dpr = window.devicePixelRatio || 1
    el.width = Math.round(width * dpr)
    el.height = Math.round(height * dpr)
    const ctx = el.getContext('2d')
    if (!ctx) return
    const r = cellRect(sheet.grid, index)
    ctx.imageSmoothingQuality = 'high'
    ctx.clearRect(0, 0, el.width, el.height)
    ctx.drawImage(sheet.bitmap, r.x, r.y, r.w, r.h, 0, 0, el.width, el.height)
  }, [sheet, valid, index, width, height])

  if (!valid) return null
  return (
    <canvas
      ref={canvas}
      className="thumb"
      role="img"
      aria-label={label}
      data-testid="thumb"
      style={{ width: `${width}px`, height: `${height}px` }}
    />
  )
}
