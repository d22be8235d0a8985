/** The tfjs backends we try, in the order ARCHITECTURE.md names them. Kept free of tfjs imports so the UI can use it without bundling tfjs. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu'
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu']
