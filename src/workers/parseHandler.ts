import { isArrow, parseArrow } from '../model/datasets/arrow'
import { DatasetError } from '../model/datasets/errors'
import { type LoadExtras, plainExtras } from '../model/datasets/extras'
import { type InputFile, type ParseOptions, parseWithExtras } from '../model/datasets/index'
import { checkItems, isParquet } from '../model/datasets/limits'
import { parseParquet } from '../model/datasets/parquet'
import type { Dataset } from '../model/datasets/types'
import type { Tick } from '../model/tick'
import { errorReply } from './errors'
import { assertNever, type ParseEvent, type ParseRequest } from './protocol'

/**
 * Parses files as the app loads them: a `.parquet` file (alone) by `parseParquet`, an Arrow /
 * Feather file by `parseArrow`, anything else by
 * `parseFiles`; then refuses more than `LIMITS.items` items. Runs in the parse worker, and in the
 * caller's thread where there are no workers (Node).
 */
export async function parseAll(files: InputFile[], options?: ParseOptions): Promise<Dataset> {
  return (await parseLoad(files, options)).dataset
}

/** `parseAll` plus the load's extras (a config's sprite and bookmarks), read with the config. */
export async function parseLoad(
  files: InputFile[],
  options?: ParseOptions,
  otherNames: readonly string[] = [],
): Promise<{ dataset: Dataset; extras: LoadExtras }> {
  const columnar = files.find((f) => isParquet(f.name) || isArrow(f.name))
  let dataset: Dataset
  let extras: LoadExtras
  if (columnar) {
    const kind = isParquet(columnar.name) ? 'Parquet' : 'Arrow'
    if (files.length > 1)
      throw new DatasetError(columnar.name, `load a ${kind} file on its own, without other files`)
    if (!columnar.bytes)
      throw new DatasetError(columnar.name, `came as text: a ${kind} file must be read as bytes`)
    dataset = await (kind === 'Parquet' ? parseParquet : parseArrow)(
      columnar.name,
      columnar.bytes,
      options?.tick,
    )
    extras = plainExtras(otherNames)
  } else ({ dataset, extras } = parseWithExtras(files, options, otherNames))
  checkItems(dataset)
  return { dataset, extras }
}

/** The ArrayBuffers under a dataset's typed arrays, each once (a repeated one fails a transfer). */
export function datasetBuffers(dataset: Dataset): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  const collect = (value: unknown) => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer)
  }
  Object.values(dataset).forEach(collect)
  for (const attribute of dataset.attributes) Object.values(attribute).forEach(collect)
  return [...buffers]
}

/**
 * The parse worker's message handler, a plain function so that tests call it in Node. Every
 * request gets exactly one `parsed` or `error` answer; nothing is thrown.
 */
export function createParseHandler(deps: {
  post(msg: ParseEvent, transfer?: Transferable[]): void
  /** The worker's beacon (rpc.ts `beacon`): long text parses call it, so a busy parser is not
   * taken for dead by its heartbeat. */
  tick?: Tick
}): (msg: ParseRequest) => Promise<void> {
  return async (msg) => {
    switch (msg.type) {
      case 'parse': {
        deps.post({ type: 'phase', id: msg.id, phase: 'parsing' })
        try {
          const options = deps.tick ? { ...msg.options, tick: deps.tick } : msg.options
          const { dataset, extras } = await parseLoad(msg.files, options, msg.otherNames)
          deps.post({ type: 'parsed', id: msg.id, dataset, extras }, datasetBuffers(dataset))
        } catch (e) {
          // A parse error, or a dataset postMessage could not clone: either way one answer.
          deps.post(errorReply(e, msg.id))
        }
        return
      }
      default:
        assertNever(msg.type)
    }
  }
}
