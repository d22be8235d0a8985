import type { Page } from 'playwright-core'
import { startSession } from '../test/e2e/browser'
import type { Row } from './node'

/**
 * Watches the page from its first script on: when the Train button first becomes usable, when
 * the backend shown is the one every backend's timing chose (what Train used to wait for), and
 * when the page was up (DOMContentLoaded). Times in ms from navigation start.
 */
export const WATCH_FIRST_VISIT = `
  globalThis.__name = (f) => f;
  window.firstVisit = { up: NaN, trainEnabled: NaN, timed: NaN };
  document.addEventListener('DOMContentLoaded', () => (firstVisit.up = performance.now()));
  const look = () => {
    const now = performance.now();
    const train = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Train');
    if (isNaN(firstVisit.trainEnabled) && train && !train.disabled) firstVisit.trainEnabled = now;
    const reason = [...document.querySelectorAll('[title*="ms/step"]')].map((e) => e.title).join(' ');
    if (isNaN(firstVisit.timed) && reason && !/ready at once/.test(reason)) firstVisit.timed = now;
    if (isNaN(firstVisit.trainEnabled) || isNaN(firstVisit.timed)) setTimeout(look, 5);
  };
  look();
`

export interface FirstVisit {
  up: number
  trainEnabled: number
  timed: number
}

declare global {
  interface Window {
    firstVisit: FirstVisit
  }
}

/** Opens the app in a new page (a fresh profile: no remembered backend) and waits for both times. */
export async function firstVisit(page: Page, url: string): Promise<FirstVisit> {
  await page.addInitScript({ content: WATCH_FIRST_VISIT })
  await page.goto(url)
  await page.waitForFunction(
    () => !isNaN(window.firstVisit.trainEnabled) && !isNaN(window.firstVisit.timed),
    undefined,
    { timeout: 120_000, polling: 50 },
  )
  return page.evaluate(() => window.firstVisit)
}

/** Page load → Train enabled on a first visit, beside what it was: the wait for every backend's timing. */
export async function firstVisitBench(): Promise<Row[]> {
  const session = await startSession()
  try {
    const runs: FirstVisit[] = []
    for (let i = 0; i < 3; i++) {
      // A new browser context is a fresh profile: nothing remembered from an earlier visit.
      const context = await session.browser.newContext()
      runs.push(await firstVisit(await context.newPage(), session.url))
      await context.close()
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const enabled = median(runs.map((r) => r.trainEnabled))
    const afterUp = median(runs.map((r) => r.trainEnabled - r.up))
    const timed = median(runs.map((r) => r.timed))
    return [
      {
        figure: 'first visit: page load → Train enabled',
        ours: `${enabled.toFixed(0)} ms (${afterUp.toFixed(0)} ms after DOMContentLoaded)`,
        baseline: `${timed.toFixed(0)} ms`,
        note: 'baseline: when every backend has been timed, which Train waited for before; median of 3 fresh profiles',
      },
    ]
  } finally {
    await session.close()
  }
}
