// `npm run screenshot`: trains the trees for 40 epochs in headless Chromium, selects Coast
// redwood and saves docs/screenshot.png (1280×720, a projector's resolution) for the README.
import { execSync } from 'node:child_process'
import { openApp, startSession } from '../test/e2e/browser'

execSync('npx vite build --logLevel error', { stdio: 'inherit' })
const session = await startSession()
try {
  const page = await openApp(session, { width: 1280, height: 720 })
  await page.evaluate(() => window.embeddingExplorer.train({ epochs: 40 }))
  await page.evaluate(() => {
    const ee = window.embeddingExplorer
    ee.setView({ theme: 'dark' }) // the projector look (the app follows the system otherwise)
    ee.select('Coconut palm')
    ee.select('Coast redwood', { add: true }) // the primary item: its neighbours are listed
  })
  await page.waitForTimeout(800)
  await page.screenshot({ path: 'docs/screenshot.png' })
  console.log('wrote docs/screenshot.png')
} finally {
  await session.close()
}
