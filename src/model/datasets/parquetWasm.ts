// parquet-wasm (arrow-rs's Parquet reader compiled to WebAssembly, every codec built in), loaded on
// the first Parquet file so that no bundle carries its 5 MB until one is dropped.
type ParquetWasm = typeof import('parquet-wasm/esm')

let ready: Promise<ParquetWasm> | null = null

/** Whether this runs in Node (tests, the bench), where the module is read from node_modules. */
function inNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown }
  return typeof g.process?.versions?.node === 'string' && g.document === undefined
}

/**
 * The WebAssembly module's bytes (Node) or its URL (a browser: the bundler emits the file beside
 * the worker, served from our own origin as the CSP wants).
 */
async function wasmSource(): Promise<Uint8Array | string> {
  if (inNode()) {
    // Named through variables so that the bundler leaves these Node-only imports alone.
    const fsName = 'node:fs/promises'
    const moduleName = 'node:module'
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises')
    const mod = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module')
    const path = mod.createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')
    return new Uint8Array(await fs.readFile(path))
  }
  return (await import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')).default
}

/** parquet-wasm, started once per thread. */
export function parquetWasm(): Promise<ParquetWasm> {
  ready ??= (async () => {
    const [lib, source] = await Promise.all([import('parquet-wasm/esm'), wasmSource()])
    await lib.default({ module_or_path: source })
    return lib
  })()
  return ready
}

/** Bytes of WebAssembly memory the module holds (it grows to the largest file read, never shrinks). */
export async function parquetWasmBytes(): Promise<number> {
  if (!ready) return 0
  return (await ready).wasmMemory().buffer.byteLength
}
