import type { ProjectorEmbedding } from './projector'
import { projectorEmbeddings } from './projectorConfig'

/**
 * The embeddings a projector_config.json lists, for the UI to offer (ParseOptions.embedding).
 * Kept apart from `index.ts` so the main bundle can ask without loading every parser.
 */
export function listProjectorEmbeddings(config: {
  name: string
  text?: string
  bytes?: Uint8Array
}): ProjectorEmbedding[] {
  const text = config.text ?? new TextDecoder().decode(config.bytes ?? new Uint8Array())
  return projectorEmbeddings({ name: config.name, text })
}
