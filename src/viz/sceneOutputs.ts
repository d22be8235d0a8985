import type { CameraPose } from './camera'
import type { SceneHandle } from './types'

/**
 * What the scene's parts publish for the host: CameraRig sets `capture`, `camera` and counts
 * `frames`; Picker sets `project` (it owns the canvas rectangle and the visible set). The host sees
 * them only through `handle`, which stays the same object for the scene's lifetime.
 */
export class SceneOutputs {
  project: ((index: number) => [number, number] | null) | null = null
  capture: (() => HTMLCanvasElement) | null = null
  frames = 0
  camera: CameraPose | null = null

  readonly handle: SceneHandle = {
    project: (index) => this.project?.(index) ?? null,
    capture: () => this.capture?.() ?? null,
    frames: () => this.frames,
    camera: () => this.camera,
  }
}
