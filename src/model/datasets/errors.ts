/**
 * A problem with user input. The message always names the file and, where known, the line and
 * column, because it is shown to the user as is.
 */
export class DatasetError extends Error {
  readonly file: string
  readonly line?: number
  readonly column?: number
  /**
   * Set when the user can fix the problem by answering a question rather than by editing the
   * file: 'needs-dimension' (a `.bytes` tensor without its shape; the app asks for it).
   */
  readonly code?: 'needs-dimension'
  /** A suggested answer, e.g. the dimension the metadata implies. */
  readonly suggestion?: number

  constructor(
    file: string,
    problem: string,
    where: {
      line?: number
      column?: number
      code?: 'needs-dimension'
      suggestion?: number
    } = {},
  ) {
    const at =
      where.line === undefined
        ? ''
        : ` line ${where.line}` + (where.column === undefined ? '' : `, column ${where.column}`)
    super(`${file}${at}: ${problem}`)
    this.name = 'DatasetError'
    this.file = file
    this.line = where.line
    this.column = where.column
    this.code = where.code
    this.suggestion = where.suggestion
  }
}
