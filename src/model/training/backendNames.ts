/**
 * The backends we try, in the order ARCHITECTURE.md names them: the tfjs ones, and 'js', the
 * typed-array SGD kernel that trains skip-gram with SGD (everything else then runs on the best
 * tfjs backend that passed). Kept free of tfjs imports so the UI can use it without bundling tfjs.
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'js' | 'cpu'
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'js', 'cpu']
/** The tfjs backends among them. */
export type TfBackendName = Exclude<BackendName, 'js'>

/**
 * Whether the 'js' kernel trains a dataset of this kind with this optimiser: it runs word2vec's
 * plain SGD over word groups only; every other run goes to the tfjs backend chosen beside it.
 */
export function kernelTrains(kind: string, optimizer: string): boolean {
  return kind === 'groups' && optimizer === 'sgd'
}

/**
 * The backend that trains the loaded dataset: the chosen one, except that a 'js' choice trains
 * what the kernel cannot on its tfjs companion (`tf`), so the top bar never names the kernel for
 * a run it does not do.
 */
export function trainingBackend(
  backend: BackendName | null,
  tf: TfBackendName | null,
  kind: string | undefined,
  optimizer: string,
): BackendName | null {
  if (backend !== 'js' || kind === undefined || kernelTrains(kind, optimizer)) return backend
  return tf ?? backend
}
