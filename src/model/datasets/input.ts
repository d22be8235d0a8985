// The shapes of what is handed to the parsers: light enough for the main bundle to import.
import type { Tick } from '../tick'
import type { TableOptions } from './table'

/**
 * A dropped file: its name (the extension matters) and its content, as `bytes` for binary
 * `.bytes` tensors and as `text` for everything else (`bytes` of a text file are decoded as UTF-8).
 */
export interface InputFile {
  name: string
  text?: string
  bytes?: Uint8Array
}

/** A text file, as the loader took them before binary formats: still accepted as an InputFile. */
export interface TextFile {
  name: string
  text: string
}

/** Choices `parseFiles` cannot make from the files alone. */
export interface ParseOptions {
  /** Which embedding of a projector_config.json to load, by tensorName. Default: the first. */
  embedding?: string
  /**
   * Numbers per vector of a `.bytes` tensor dropped without its config: a positive integer.
   * No default (the error asks for it).
   */
  bytesDim?: number
  /**
   * Keep only the first N vectors of word2vec/GloVe/fastText text (most frequent first): a
   * positive integer. Default: all.
   */
  maxItems?: number
  /** For a CSV/TSV table: another label column, or columns to leave out (the preview's choices). */
  table?: TableOptions
  /**
   * Called every few ms while long text files of numbers are read (vectors CSV/TSV, word vectors,
   * the Projector's TSV), so the parse worker can say it is alive (see `Tick`). Set by the parse
   * worker's handler, never sent across threads. Default: none.
   */
  tick?: Tick
}
