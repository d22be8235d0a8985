// How a hyperparameter is declared, once: the training and projection tables are made of these,
// and validation, the UI controls and help, the shared-link codec and the README tables are all
// derived from them, so adding a parameter means adding one entry.

/** Largest seed (seeds are 31-bit non-negative integers); a seed's range is not worth showing. */
export const MAX_SEED = 2 ** 31 - 1

/** A numeric hyperparameter. */
export interface NumberParam {
  /** Display name: the UI label (and, lower-cased, the name in a shared link's error message). */
  readonly label: string
  /** Meaning in a sentence or two; the help adds the default and range, so it leaves them out. */
  readonly doc: string
  readonly default: number
  /** Smallest allowed value (inclusive). */
  readonly min: number
  /** Largest allowed value (inclusive). */
  readonly max: number
  /** Whole numbers only: validation rounds and the UI steps by 1. */
  readonly integer?: boolean
  /** Said right after the default in the help, e.g. '(off)'. */
  readonly defaultNote?: string
  /** Said after the range in the help, e.g. a value that suits large inputs. */
  readonly rangeNote?: string
}

/** A hyperparameter that takes one of a few named values. */
export interface ChoiceParam<V extends string = string> {
  /** Display name: the UI label. */
  readonly label: string
  /** Meaning of each value, saying which is the default (shown as the help as is). */
  readonly doc: string
  readonly default: V
  /** Allowed values, in UI order, each with the name the UI shows for it. */
  readonly choices: Readonly<Record<V, string>>
}

/** Either kind of hyperparameter. */
export type ParamSpec = NumberParam | ChoiceParam

/** Whether a parameter takes named values (a select) rather than a number (an input). */
export const isChoice = (p: ParamSpec): p is ChoiceParam => 'choices' in p

/** 'a, b or c'. */
export const orList = (values: readonly string[]) =>
  values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`

/** The help the UI shows on hover and focus: meaning, default and range. */
export function helpText(p: ParamSpec): string {
  if (isChoice(p)) return p.doc
  const def = `Default ${p.default}${p.defaultNote ? ` ${p.defaultNote}` : ''}`
  if (p.max === MAX_SEED) return `${p.doc} ${def}.`
  const note = p.rangeNote ? `; ${p.rangeNote}` : ''
  return `${p.doc} ${def}, range ${p.min}–${p.max}${note}.`
}

/**
 * Checks one value: out of range (or not a finite number) throws a RangeError naming `key` and the
 * range; whole-number parameters come back rounded.
 */
export function checkParam(key: string, p: NumberParam, v: number): number {
  if (!Number.isFinite(v) || v < p.min || v > p.max)
    throw new RangeError(`${key} must be between ${p.min} and ${p.max}, got ${v}`)
  return p.integer ? Math.round(v) : v
}

/** Checks a choice: anything but one of its values throws a RangeError naming `key`. */
export function checkChoice<V extends string>(key: string, p: ChoiceParam<V>, v: unknown): V {
  const values = Object.keys(p.choices)
  if (typeof v !== 'string' || !values.includes(v))
    throw new RangeError(`${key} must be ${orList(values)}, got ${String(v)}`)
  return v as V
}
