/// <reference lib="webworker" />
// Browser-only backend set-up for the training worker: registers wasm and webgpu next to the
// webgl and cpu backends that @tensorflow/tfjs brings, and tells software GPUs apart.
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-webgpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'
import type { BackendName } from '../model/training/backend'

export function registerBackends(): void {
  // The threaded wasm build crashes under a minified Vite build (REFERENCE.md); SIMD alone is fast.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  })
}

const SOFTWARE = /swiftshader|llvmpipe|software|basic render/i

/** " SwiftShader" from a long renderer string, or '' when no known name is in it. */
function softwareName(s: string): string {
  const m = /swiftshader|llvmpipe|basic render driver/i.exec(s)
  return m ? ` ${m[0][0].toUpperCase()}${m[0].slice(1)}` : ''
}

/** A remark on a GPU backend when it runs in software (it will then be slow, not wrong). */
export async function describeBackend(backend: BackendName): Promise<string> {
  if (backend === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu
    if (!gpu) return 'no WebGPU in this browser'
    const adapter = await gpu.requestAdapter()
    if (!adapter) return 'no WebGPU adapter'
    // `info` and `isFallbackAdapter` are newer than the DOM typings here.
    const a = adapter as GPUAdapter & {
      info?: { vendor?: string; architecture?: string; description?: string }
      isFallbackAdapter?: boolean
    }
    const name = [a.info?.vendor, a.info?.architecture, a.info?.description]
      .filter(Boolean)
      .join(' ')
    const fallback =
      a.isFallbackAdapter || (a.info as { isFallbackAdapter?: boolean })?.isFallbackAdapter
    return fallback || SOFTWARE.test(name) ? `software adapter${softwareName(name)}` : name
  }
  if (backend === 'webgl') {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2')
    if (!gl) return 'no WebGL 2'
    const ext = gl.getExtension('WEBGL_debug_renderer_info')
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
    return SOFTWARE.test(renderer) ? `software renderer${softwareName(renderer)}` : renderer
  }
  return ''
}

/**
 * Calls `lost` once when the GPU under the backend in use goes away: a WebGPU device that is lost
 * or a WebGL context that is lost (driver reset, GPU process crash, too many contexts). The run
 * cannot go on there; the session restarts the worker on the next backend.
 */
export function watchGpuLoss(backend: BackendName, lost: (why: string) => void): void {
  let told = false
  const tell = (why: string) => {
    if (told) return
    told = true
    lost(why)
  }
  const b = tf.backend() as unknown as {
    device?: GPUDevice
    gpgpu?: { gl: { canvas: EventTarget } }
  }
  if (backend === 'webgpu' && b.device)
    void b.device.lost.then((info) =>
      tell(`the WebGPU device was lost (${info.message || info.reason || 'no reason given'})`),
    )
  if (backend === 'webgl' && b.gpgpu)
    b.gpgpu.gl.canvas.addEventListener('webglcontextlost', () => tell('the WebGL context was lost'))
}
