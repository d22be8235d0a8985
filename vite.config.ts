import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string
}

/**
 * The Content-Security-Policy the app runs under (README, "Hosting it"), directive by directive.
 * `extraScript` lets the dev server allow its one inline script (React Refresh) by nonce.
 */
export function contentSecurityPolicy(extraScript = ''): string {
  return [
    "default-src 'self'",
    // No inline or eval'd script; compiling WebAssembly (the tfjs wasm backend) is allowed.
    `script-src 'self' 'wasm-unsafe-eval'${extraScript}`,
    // The four workers are module scripts from the same origin (no blob: workers).
    "worker-src 'self'",
    // Datasets and the .wasm binaries are fetched from the same origin; nothing else.
    "connect-src 'self'",
    // Sprites and thumbnails are decoded into blob: and data: URLs.
    "img-src 'self' data: blob:",
    // React's style={{…}} attributes are inline styles, and the dev server injects CSS as <style>.
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export default defineConfig(({ command }) => {
  // A fresh nonce per dev-server start, for the React Refresh preamble Vite inlines in dev only;
  // the build has no inline script, so `vite preview` and static hosts need none.
  const devNonce = command === 'serve' ? randomBytes(16).toString('base64') : undefined
  return {
    plugins: [react()],
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    worker: { format: 'es' },
    build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
    html: { cspNonce: devNonce },
    server: {
      headers: { 'Content-Security-Policy': contentSecurityPolicy(` 'nonce-${devNonce}'`) },
    },
    preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy() } },
  }
})
