/**
 * A problem with user input. The message always names the file and, where known, the line and
 * column, because it is shown to the user as is.
 */
export class DatasetError extends Error {
  readonly file: string
  readonly line?: number
  readonly column?: number

  constructor(file: string, problem: string, where: { line?: number; column?: number } = {}) {
    const at =
      where.line === undefined
        ? ''
        : ` line ${where.line}` + (where.column === undefined ? '' : `, column ${where.column}`)
    super(`${file}${at}: ${problem}`)
    this.name = 'DatasetError'
    this.file = file
    this.line = where.line
    this.column = where.column
  }
}
