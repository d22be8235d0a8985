/**
 * The backends we try, in the order ARCHITECTURE.md names them: the tfjs ones, and 'js', the
 * typed-array SGD kernel that trains skip-gram with SGD (everything else then runs on the best
 * tfjs backend that passed). Kept free of tfjs imports so the UI can use it without bundling tfjs.
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'js' | 'cpu'
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'js', 'cpu']
/** The tfjs backends among them. */
export type TfBackendName = Exclude<BackendName, 'js'>
