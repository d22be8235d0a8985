import { describe, expect, it } from 'vitest'
import { DatasetError, parseFiles } from '../../src/model/datasets'
import type { Dataset, InputFile, TableDataset } from '../../src/model/datasets'
import { LIMITS } from '../../src/model/datasets/limits'
import {
  type LoadProgress,
  isAbortError,
  parseInWorker,
  reviveError,
} from '../../src/workers/parseClient'
import { createParseHandler, datasetBuffers } from '../../src/workers/parseHandler'
import type { ParseEvent, SerializedError } from '../../src/workers/protocol'
import { readDataset } from './helpers'

/** The handler with a fake `post` that records each message with its transfer list. */
function rig() {
  const posted: { msg: ParseEvent; transfer: Transferable[] }[] = []
  const handle = createParseHandler({
    post: (msg, transfer = []) => posted.push({ msg, transfer }),
  })
  return { posted, handle }
}

/** What the main thread receives: the message as postMessage would clone and transfer it. */
function across<T>(msg: T, transfer: Transferable[]): T {
  return structuredClone(msg, { transfer })
}

/** The error a failed request posts, rebuilt on the "main thread" side. */
async function failure(files: InputFile[], options?: { bytesDim?: number }): Promise<Error> {
  const { posted, handle } = rig()
  await handle({ type: 'parse', id: 7, files, options })
  const last = posted.at(-1)!
  expect(last.msg).toMatchObject({ type: 'error', id: 7 })
  const { error } = across(last.msg as { error: SerializedError }, [])
  return reviveError(error)
}

/** The error parseFiles throws in this thread, for comparison. */
function thrown(files: InputFile[], options?: { bytesDim?: number }): DatasetError {
  try {
    parseFiles(files, options)
  } catch (e) {
    if (e instanceof DatasetError) return e
    throw e
  }
  throw new Error('expected a DatasetError')
}

/** A File-like object whose stream yields `chunks` chunks of `size` bytes, `delayMs` apart. */
function slowFile(name: string, chunks: number, size: number, delayMs: number) {
  let cancelled = false
  let sent = 0
  const file = {
    name,
    size: chunks * size,
    stream: () =>
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, delayMs))
          if (sent === chunks) return controller.close()
          // Each chunk repeats one group of three items: the whole file is a groups .txt.
          controller.enqueue(new TextEncoder().encode('ab,cd,e\n'.repeat(size / 8)))
          sent++
        },
        cancel: () => void (cancelled = true),
      }),
  }
  return { file: file as unknown as File, sent: () => sent, cancelled: () => cancelled }
}

describe('parse worker handler (Node)', () => {
  it('answers a CSV table with the dataset, its typed-array buffers in the transfer list', async () => {
    const { posted, handle } = rig()
    await handle({
      type: 'parse',
      id: 3,
      files: [{ name: 'trees.csv', text: readDataset('trees.csv') }],
    })
    expect(posted.map((p) => p.msg.type)).toEqual(['phase', 'parsed'])
    expect(posted[0].msg).toEqual({ type: 'phase', id: 3, phase: 'parsing' })
    const { msg, transfer } = posted[1]
    if (msg.type !== 'parsed') throw new Error(msg.type)
    const ds = msg.dataset as TableDataset
    expect(ds.kind).toBe('table')
    const arrays = ds.attributes.map((a) => (a.kind === 'numeric' ? a.values : a.codes))
    expect(arrays.length).toBeGreaterThan(2)
    expect(new Set(transfer)).toEqual(new Set(arrays.map((a) => a.buffer)))
    expect(transfer).toHaveLength(new Set(transfer).size)
    // The list really transfers: the worker's copies are detached, the received ones intact.
    const sums = arrays.map((a) =>
      Array.from(a as ArrayLike<number>).reduce((s, x) => s + (x || 0), 0),
    )
    const received = across(msg, transfer).dataset as TableDataset
    expect(arrays.every((a) => a.length === 0)).toBe(true)
    const after = received.attributes.map((a) => (a.kind === 'numeric' ? a.values : a.codes))
    expect(
      after.map((a) => Array.from(a as ArrayLike<number>).reduce((s, x) => s + (x || 0), 0)),
    ).toEqual(sums)
    expect(received.labels).toEqual(ds.labels)
  })

  it('lists every buffer of vectors and groups datasets once', () => {
    const vectors = parseFiles([
      { name: 'vectors.tsv', text: '1\t2\n3\t4\n' },
      { name: 'metadata.tsv', text: 'w\tk\na\tx\nb\ty\n' },
    ])
    if (vectors.kind !== 'vectors') throw new Error(vectors.kind)
    expect(datasetBuffers(vectors)).toContain(vectors.data.buffer)
    const groups = parseFiles([{ name: 'g.txt', text: 'a b c\nb c d\n' }])
    if (groups.kind !== 'groups') throw new Error(groups.kind)
    const buffers = datasetBuffers(groups)
    for (const a of [groups.counts, groups.items, groups.offsets])
      expect(buffers).toContain(a.buffer)
    expect(() => structuredClone(groups, { transfer: buffers })).not.toThrow()
  })

  it('posts a bad file as a failure that rebuilds the same DatasetError', async () => {
    const files = [{ name: 'bad.csv', text: 'name,kind,height\noak,broad,20\nelm,broad\n' }]
    const original = thrown(files)
    const e = await failure(files)
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe(original.message)
    expect(e.message).toBe('bad.csv line 3: has 2 fields but the header has 3')
    expect(e).toMatchObject({ name: 'DatasetError', file: 'bad.csv', line: 3 })
  })

  it('keeps the needs-dimension code and suggestion across the boundary', async () => {
    const tensor = new Uint8Array(new Float32Array(12).fill(0.5).buffer)
    const files = [
      { name: 'vectors.bytes', bytes: tensor },
      { name: 'metadata.tsv', text: 'a\nb\nc\nd\n' },
    ]
    const original = thrown(files)
    const e = await failure(files)
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toBe(original.message)
    expect((e as DatasetError).code).toBe('needs-dimension')
    expect((e as DatasetError).suggestion).toBe(3)
  })

  it('posts errors that are not about the input as plain errors', async () => {
    const e = await failure([{ name: 'a.csv', text: 'x,y\n1,2\n' }], { bytesDim: -1 })
    expect(e).not.toBeInstanceOf(DatasetError)
    expect(e).toBeInstanceOf(RangeError)
    expect(e.message).toBe('bytesDim must be a positive whole number, not -1')
  })
})

describe('parseInWorker without workers (Node fallback)', () => {
  it('reads Files with progress and parses them', async () => {
    const reports: LoadProgress[] = []
    const text = readDataset('trees.csv')
    const file = new File([text], 'trees.csv')
    const ds: Dataset = await parseInWorker([file], undefined, {
      onProgress: (p) => reports.push(p),
    })
    expect(ds.kind).toBe('table')
    expect(ds.labels.length).toBeGreaterThan(10)
    const size = new TextEncoder().encode(text).length
    expect(reports.at(-1)).toEqual({
      loaded: size,
      total: size,
      phase: 'parsing',
      file: 'trees.csv',
    })
  })

  it('reports reading at most about 10 times a second', async () => {
    const slow = slowFile('words.txt', 40, 600, 10)
    const reports: LoadProgress[] = []
    const started = performance.now()
    await parseInWorker([slow.file], undefined, { onProgress: (p) => reports.push(p) })
    const seconds = (performance.now() - started) / 1000
    const reading = reports.filter((p) => p.phase === 'reading')
    expect(reading.length).toBeGreaterThanOrEqual(2)
    expect(reading.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1)
    const loaded = reading.map((p) => p.loaded)
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b))
    expect(reports.at(-1)).toMatchObject({ phase: 'parsing', loaded: 24000, total: 24000 })
  })

  it('refuses a load over the size limit before reading anything', async () => {
    let read = false
    const huge = {
      name: 'vectors.tsv',
      size: LIMITS.fileBytes + 1,
      stream: () => {
        read = true
        throw new Error('read')
      },
    } as unknown as File
    await expect(parseInWorker([huge], undefined, {})).rejects.toThrow(
      /^vectors\.tsv: is 201 MB; the limit is 200 MB of text per load/,
    )
    expect(read).toBe(false)
  })

  it('stops reading when cancelled and rejects with an AbortError', async () => {
    const slow = slowFile('words.txt', 100, 600, 20)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const e: unknown = await parseInWorker([slow.file], undefined, {
      signal: controller.signal,
    }).catch((x: unknown) => x)
    expect(isAbortError(e)).toBe(true)
    expect((e as Error).message).toBe('Loading cancelled')
    expect(e).not.toBeInstanceOf(DatasetError)
    expect(slow.cancelled()).toBe(true)
    expect(slow.sent()).toBeLessThan(20)
  })
})
