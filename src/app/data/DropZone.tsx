import { useEffect, useState } from 'react'
import { limitsText } from '../../model/datasets/limits'
import { useSession } from '../useSession'
import { loadFiles } from '../session'

/**
 * Dropping files anywhere on the page loads them; while files are dragged over the page a large
 * target says so. Several files at once (a Projector pair, or a config with its tensors) load together.
 */
export function DropZone() {
  const c = useSession()
  const [over, setOver] = useState(false)
  useEffect(() => {
    let depth = 0
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return
      depth++
      setOver(true)
    }
    const leave = () => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) setOver(false)
    }
    const overPage = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault() // allows the drop
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth = 0
      setOver(false)
      const files = Array.from(e.dataTransfer?.files ?? [])
      if (files.length) void loadFiles(c, files).catch(() => {}) // the message is in the banner
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragleave', leave)
    window.addEventListener('dragover', overPage)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('dragover', overPage)
      window.removeEventListener('drop', drop)
    }
  }, [c])
  if (!over) return null
  return (
    <div className="drop-target" data-testid="drop-target">
      <p>
        Drop to load
        <span>
          CSV, TSV, TXT, JSON, JSONL, numpy .npy/.npz (with metadata.tsv or labels.npy), Parquet,
          Arrow/Feather, the Projector&rsquo;s vectors.tsv + metadata.tsv or a projector_config.json
          with its files (and sprite image)
        </span>
        <span data-testid="drop-limits">{limitsText()}; nothing leaves this computer.</span>
      </p>
    </div>
  )
}
