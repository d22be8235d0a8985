import type { TrainParams } from '../../model/training/params'

/** What the progress line shows; pure so it is tested in Node. */
export interface ProgressFigures {
  /** Examples (pairs, rows, interactions) trained per second; 0 while paused. */
  examplesPerSecond: number
  /** The epoch training is heading for, or null when it trains until paused. */
  ofEpochs: number | null
  /** Seconds to `ofEpochs` at the current speed, or null when unknown. */
  secondsLeft: number | null
}

/**
 * Speed and how far there is to go: the planned epochs of a decaying schedule (after them the
 * rate stays at its floor) or else the "Train for" target; time left from the step rate.
 */
export function progressFigures(
  p: Pick<TrainParams, 'schedule' | 'epochs' | 'batchSize'>,
  state: {
    step: number
    stepsPerSecond: number
    stepsPerEpoch: number
    trainTarget: number | null
  },
): ProgressFigures {
  const examplesPerSecond = state.stepsPerSecond * p.batchSize
  const ofEpochs = p.schedule === 'linear' ? p.epochs : state.trainTarget
  let secondsLeft: number | null = null
  if (ofEpochs !== null && state.stepsPerSecond > 0 && state.stepsPerEpoch > 0) {
    const stepsLeft = Math.max(0, ofEpochs * state.stepsPerEpoch - state.step)
    secondsLeft = stepsLeft / state.stepsPerSecond
  }
  return { examplesPerSecond, ofEpochs, secondsLeft }
}

/** 1,234,567 → "1.23 M", 12,345 → "12.3 k". */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`
  return String(Math.round(n))
}

/** Seconds as "12 s" or "3 min 5 s". */
export function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`
}
