import type { LayoutGraph } from './layoutKnn'

/**
 * Projection methods; PCA, UMAP and t-SNE compute a layout, 'precomputed' shows the x, y (z)
 * columns a dataset brought (a layout made by a bigger engine: cuML, Spark, umap-learn).
 */
export type ProjectionMethod = 'pca' | 'umap' | 'tsne' | 'precomputed'

/** How each method is written for people. */
export const METHOD_NAMES: Record<ProjectionMethod, string> = {
  pca: 'PCA',
  umap: 'UMAP',
  tsne: 't-SNE',
  precomputed: 'Precomputed',
}

/** A stepwise projection of n vectors to `dims` coordinates each (the umap-js init/step/get shape). */
export interface Projector {
  readonly method: ProjectionMethod
  readonly dims: 2 | 3
  /** Takes new vectors (a training snapshot); keeps the current layout as the starting point. */
  update(data: Float32Array, n: number, dim: number): void
  /** Advances the layout; returns false when there is nothing left to do until the next update. */
  step(): boolean
  /** Steps taken since the last update (PCA: 1 once computed). */
  readonly iteration: number
  /** The current layout: n·dims coordinates, owned by the projector (copy before transferring). */
  positions(): Float32Array
  /** Extra facts for the UI, e.g. explained variance per PCA component. */
  info(): Record<string, number[] | number>
  /** Throws the layout away and starts again from a fresh (seeded) initial layout on the same vectors. */
  restart?(): void
  /** Nudges every point by seeded noise of `scale` times the layout's RMS radius, then keeps optimising. */
  perturb?(scale: number): void
  /** The kNN graph the layout is built on (UMAP, t-SNE), so its recall can be measured. */
  neighbourGraph?(): LayoutGraph | null
}
