import { useStore } from 'zustand'
import { setShowImages, spriteStore } from '../session/sprite'

/**
 * "Show images": points as thumbnails or as plain dots. Only shown while a sprite sheet is
 * loaded, since without one there is nothing to switch; the choice is kept across datasets.
 */
export function SpriteToggle() {
  const sheet = useStore(spriteStore, (s) => s.sheet)
  const showImages = useStore(spriteStore, (s) => s.showImages)
  if (!sheet) return null
  return (
    <label className="inline" title={`Thumbnails from ${sheet.name}`}>
      <input
        type="checkbox"
        checked={showImages}
        onChange={(e) => setShowImages(e.target.checked)}
        data-testid="show-images"
      />
      <span>Show images</span>
    </label>
  )
}
