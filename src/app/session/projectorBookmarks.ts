import { DatasetError } from '../../model/datasets/errors'
import { validateProjectionParams } from '../../model/projection/params'
import type { ProjectionMethod } from '../../model/projection/types'
import type { Bookmark } from './bookmarkStore'

/** The parts of a Projector bookmark ("State" in its source) that map onto our views. */
interface ProjectorState {
  label?: unknown
  selectedPoints?: unknown
  selectedProjection?: unknown
  pcaComponentDimensions?: unknown
  cameraDef?: { orthographic?: unknown }
}

const METHODS: Record<string, ProjectionMethod> = { pca: 'pca', tsne: 'tsne', umap: 'umap' }

/**
 * Reads the TensorFlow Projector's bookmarks file (a JSON list of saved views, each with a label)
 * into our named views for `datasetName`: the label, the projection (a "custom" projection,
 * which we do not have, becomes PCA), 2D when the Projector used its orthographic camera, PCA
 * components, and the selected points by index. Camera poses are not carried over (the two
 * scenes are scaled differently). A malformed file gets one message naming it.
 */
export function parseProjectorBookmarks(
  file: string,
  text: string,
  labels: readonly string[],
  datasetName: string,
): Bookmark[] {
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new DatasetError(file, `is not valid JSON (${(e as Error).message})`)
  }
  if (!Array.isArray(raw))
    throw new DatasetError(file, 'is not a Projector bookmarks file (a JSON list of saved views)')
  return raw.map((entry, i): Bookmark => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new DatasetError(file, `bookmark ${i + 1} is not an object`)
    const s = entry as ProjectorState
    const method = METHODS[String(s.selectedProjection)] ?? 'pca'
    const dims: 2 | 3 = s.cameraDef?.orthographic === true ? 2 : 3
    const comps = Array.isArray(s.pcaComponentDimensions)
      ? s.pcaComponentDimensions.filter((d): d is number => Number.isInteger(d) && d >= 0)
      : []
    let params = validateProjectionParams(method)
    if (method === 'pca' && comps.length >= 2) {
      try {
        params = validateProjectionParams('pca', {
          x: comps[0] + 1,
          y: comps[1] + 1,
          ...(comps[2] !== undefined ? { z: comps[2] + 1 } : {}),
        })
      } catch {
        // components beyond what we show: keep the default axes
      }
    }
    const points = Array.isArray(s.selectedPoints) ? s.selectedPoints : []
    const selection = points
      .filter((p): p is number => Number.isInteger(p) && p >= 0 && p < labels.length)
      .slice(0, 1000)
      .map((p) => labels[p])
    const name =
      typeof s.label === 'string' && s.label.trim() ? s.label.trim().slice(0, 120) : `View ${i + 1}`
    return {
      id: `projector-${datasetName}-${i}-${name}`,
      name,
      savedAt: Date.now() + i,
      datasetName,
      link: null,
      view: {
        method,
        dims,
        params,
        selection,
        colorBy: null,
        labelBy: null,
        isolate: false,
        camera: null,
      },
    }
  })
}
