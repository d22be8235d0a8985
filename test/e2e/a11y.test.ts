import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type Session, startSession } from './browser'

// Evaluated, not added as an inline <script> (addScriptTag), which the app's Content-Security-Policy
// blocks; evaluation through the DevTools protocol is not governed by it.
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

/** Runs axe-core on the page as it is; returns the serious and critical violations, described. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<AxeResults> } }).axe
    type AxeResults = {
      violations: Array<{
        id: string
        impact: string
        help: string
        nodes: Array<{ target: string[] }>
      }>
    }
    const r = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }))
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(', ')}`)
}

describe('everyone can follow: keyboard, screen reader, axe-core', () => {
  let session: Session
  let page: Page

  beforeAll(async () => {
    session = await startSession()
    page = await openApp(session)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('trains, pauses, selects and tours neighbours with the keyboard only', async () => {
    await page.locator('body').click({ position: { x: 5, y: 700 } }) // focus the page, not a control
    await page.keyboard.press('Space')
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.state().status))
      .toBe('training')
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.state().epoch), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(3)
    await page.keyboard.press('Space')
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.state().status))
      .toBe('paused')
    const step = await page.evaluate(() => window.embeddingExplorer.state().epoch)
    expect(step).toBeGreaterThanOrEqual(3)

    // Select with Tab + typing + Enter: the search box, then the first result.
    const search = page.getByRole('searchbox')
    await search.focus()
    await page.keyboard.type('Coast redwood')
    await page.keyboard.press('Tab') // regex checkbox
    await page.keyboard.press('Tab') // field select
    await page.keyboard.press('Tab') // the first result (no "Select all" link before it? it exists)
    let focused = await page.evaluate(() => document.activeElement?.textContent ?? '')
    while (!focused.startsWith('Coast redwood')) {
      await page.keyboard.press('Tab')
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '')
    }
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => window.embeddingExplorer.selection())).toEqual([
      'Coast redwood',
    ])
    // Focus is visible: the focused element draws an outline.
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement!).outlineStyle,
    )
    expect(outline).not.toBe('none')

    // The neighbour tour: N steps through the neighbours and announces each.
    await page.evaluate(() => (document.activeElement as HTMLElement).blur())
    const near = await page.evaluate(() => window.embeddingExplorer.neighbours('Coast redwood', 2))
    await page.keyboard.press('n')
    const live = page.getByTestId('announcer')
    await expect
      .poll(() => live.textContent())
      .toBe(`Coast redwood → ${near[0].label}, similarity ${near[0].similarity.toFixed(2)}, rank 1`)
    await page.keyboard.press('n')
    await expect.poll(() => live.textContent()).toContain(`→ ${near[1].label}`)
    expect(await live.getAttribute('aria-live')).toBe('polite')
    await page.keyboard.press('Shift+N')
    await expect.poll(() => live.textContent()).toContain('rank 1')
    // P cycles the projection; Escape clears the selection.
    await page.keyboard.press('p')
    await expect
      .poll(() => page.evaluate(() => window.embeddingExplorer.state().projection.method))
      .toBe('umap')
    await page.keyboard.press('Escape')
    expect(await page.evaluate(() => window.embeddingExplorer.selection())).toEqual([])
    await page.evaluate(() => window.embeddingExplorer.setProjection({ method: 'pca' }))
  })

  it('the key overlay opens with ? and presenter mode shows the essentials in large type', async () => {
    await page.keyboard.press('?')
    await expect
      .poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible())
      .toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    await page.keyboard.press('m')
    const size = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.documentElement).fontSize),
    )
    expect(size).toBeGreaterThanOrEqual(22)
    expect(await page.getByRole('button', { name: 'Step' }).isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: /^(Train|Resume)$/ }).isVisible()).toBe(true)
    expect(await page.getByTestId('key-strip').isVisible()).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await page.keyboard.press('m')
  })

  it('axe-core finds no serious or critical violations on the main screens, in both themes', async () => {
    await page.evaluate(() => window.embeddingExplorer.select('Giant sequoia'))
    for (const theme of ['dark', 'light'] as const) {
      await page.evaluate((t) => window.embeddingExplorer.setView({ theme: t }), theme)
      for (const tab of ['Items', 'Model', 'View']) {
        await page.getByRole('tab', { name: tab }).click()
        const found = await seriousViolations(page)
        expect(found, `${theme} theme, ${tab} tab`).toEqual([])
      }
      await page.getByRole('tab', { name: 'Class' }).click()
      for (const part of ['Lesson', 'Predict', 'Timeline']) {
        await page.getByRole('button', { name: part, exact: true }).click()
        await page
          .getByTestId(`${part.toLowerCase()}-panel`)
          .or(page.getByTestId('lesson-step'))
          .first()
          .waitFor()
        expect(await seriousViolations(page), `${theme} theme, Class tab, ${part}`).toEqual([])
      }
      await page.getByLabel('Dataset').selectOption({ label: 'Library…' })
      await page.getByRole('dialog', { name: 'Library' }).waitFor()
      expect(await seriousViolations(page), `${theme} theme, Library`).toEqual([])
      await page
        .getByRole('dialog', { name: 'Library' })
        .getByRole('button', { name: 'Close' })
        .click()
    }
    await page.evaluate(() => window.embeddingExplorer.setView({ theme: 'dark' }))
  })

  it('holds at 200% zoom: nothing is cut off the side, controls stay reachable', async () => {
    const zoomed = await session.browser.newPage({
      viewport: { width: 640, height: 360 },
      deviceScaleFactor: 2,
    })
    await zoomed.goto(session.url)
    await zoomed.waitForFunction(
      () => window.embeddingExplorer?.state().dataset !== null,
      undefined,
      { timeout: 120_000 },
    )
    // 1280×720 at 200% zoom is a 640×360 CSS viewport: the page may scroll but must not clip.
    const overflow = await zoomed.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    )
    expect(overflow).toBeLessThanOrEqual(1)
    await zoomed.keyboard.press('m') // presenter mode is the one for big type
    expect(await zoomed.getByRole('button', { name: /^(Train|Resume)$/ }).isVisible()).toBe(true)
    await zoomed.close()
  })
})
