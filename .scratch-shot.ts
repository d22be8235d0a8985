import { openApp, startSession } from './test/e2e/browser'
const session = await startSession()
try {
  const page = await openApp(session, { width: 1280, height: 720 })
  await page.evaluate(() => window.embeddingExplorer.train({ epochs: 10 }))
  await page.evaluate(() => {
    const ee = window.embeddingExplorer
    ee.setView({ theme: 'dark' })
    ee.select('Coast redwood')
  })
  await page.waitForTimeout(800)
  await page.screenshot({ path: '/tmp/shot-after.png' })
  await page.keyboard.press('m')
  await page.waitForTimeout(500)
  await page.screenshot({ path: '/tmp/shot-presenter.png' })
  console.log('ok')
} finally {
  await session.close()
}
