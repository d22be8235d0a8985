import type { InputFile } from '../model/datasets/input'
import { macrotask } from './yield'

// Big inputs without blocking the page: a script's `{ name, text | bytes }` file of many MB would
// be copied whole, in one task, by postMessage (to the parse worker) and again by IndexedDB (the
// kept session). As a File it costs neither: blobs are passed by reference. The copy into blob
// storage is made here a slice per task, and reading is paced the same way (`Pacer`).

/** Script files at least this big become Files; smaller ones are copied in well under a frame. */
export const BLOB_FILE_BYTES = 2 ** 20

/** Characters (or bytes) copied into blob storage per task: a few ms each. */
export const SLICE_UNITS = 2 ** 21

/** Main-thread time a loop may take before it lets the page run (input, frames): 8 ms. */
export const TASK_BUDGET_MS = 8

/** Yields to the event loop once `budgetMs` of work has passed since the last yield. */
export class Pacer {
  private since = performance.now()
  /** Times this pacer has yielded (for tests). */
  yields = 0

  constructor(private readonly budgetMs = TASK_BUDGET_MS) {}

  /** Resolves at once within the budget, after a macrotask beyond it. */
  async pace(): Promise<void> {
    if (performance.now() - this.since < this.budgetMs) return
    await macrotask()
    this.yields++
    this.since = performance.now()
  }
}

/**
 * Where to cut `text` near `at` so no surrogate pair is split (a lone half would be written as
 * U+FFFD): one character earlier when `at` falls between the two halves of a pair.
 */
export function safeCut(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length))
  const before = text.charCodeAt(at - 1)
  return before >= 0xd800 && before <= 0xdbff ? at - 1 : at
}

/** The file as a Blob-backed File, copied a slice per task; UTF-8 for text, as a File read gives. */
export async function toFile(f: InputFile, slice = SLICE_UNITS): Promise<File> {
  const parts: Blob[] = []
  if (f.bytes) {
    for (let at = 0; at < f.bytes.length; at += slice) {
      // A copy of the slice: a Blob part must not be a view of a SharedArrayBuffer.
      parts.push(new Blob([f.bytes.slice(at, at + slice)]))
      await macrotask()
    }
  } else {
    const text = f.text ?? ''
    for (let at = 0; at < text.length;) {
      const cut = safeCut(text, at + slice)
      const end = cut > at ? cut : at + 2 // a slice of one unit that would split a pair takes it whole
      parts.push(new Blob([text.slice(at, end)]))
      at = end
      await macrotask()
    }
  }
  return new File(parts, f.name)
}

function isBlob(f: File | InputFile): f is File {
  return typeof (f as Partial<File>).stream === 'function'
}

function units(f: InputFile): number {
  return f.bytes?.byteLength ?? f.text?.length ?? 0
}

/**
 * The files with every script file of `BLOB_FILE_BYTES` or more turned into a File (order and
 * names kept; dropped Files and small script files as they were). Text goes in as UTF-8, which
 * the parsers decode back to the same text.
 */
export async function asBlobFiles(
  files: Array<File | InputFile>,
  threshold = BLOB_FILE_BYTES,
): Promise<Array<File | InputFile>> {
  const out: Array<File | InputFile> = []
  for (const f of files) out.push(isBlob(f) || units(f) < threshold ? f : await toFile(f))
  return out
}
