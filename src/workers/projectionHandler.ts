import { PcaProjector } from '../model/projection/pca'
import { type ProjectionMethod, type Projector, METHOD_NAMES } from '../model/projection/types'
import {
  assertNever,
  errorMessage,
  type ProjectionEvent,
  type ProjectionRequest,
  type SnapshotMessage,
} from './protocol'

export interface ProjectionDeps {
  post(msg: ProjectionEvent, transfer: Transferable[]): void
  now: () => number
  /** Schedules the next stepping pass as a macrotask, so new snapshots can arrive in between. */
  schedule: (fn: () => void, delayMs: number) => void
  /** Minimum time between posted layouts: 33 ms caps them at 30 per second. */
  postIntervalMs?: number
}

function createProjector(method: ProjectionMethod, dims: 2 | 3): Projector {
  switch (method) {
    case 'pca':
      return new PcaProjector(dims)
    case 'umap':
    case 'tsne':
      throw new Error(`${METHOD_NAMES[method]} is not supported yet: use PCA for now.`)
    default:
      return assertNever(method)
  }
}

/**
 * The projection worker's handlers as plain functions. Snapshots arrive from the training worker;
 * only the newest one is kept (older ones are dropped if the projection is behind), projected,
 * and posted to the main thread with the vectors it came from, at most 30 times a second.
 */
export function createProjectionHandler(deps: ProjectionDeps) {
  const interval = deps.postIntervalMs ?? 33
  let projector: Projector = new PcaProjector(3)
  let latest: SnapshotMessage | null = null
  let lastPostAt = -Infinity
  let scheduled = false
  let dirty = false

  const fail = (e: unknown) => deps.post({ type: 'error', message: errorMessage(e) }, [])

  function publish(s: SnapshotMessage) {
    const positions = projector.positions().slice()
    const vectors = s.data.slice()
    lastPostAt = deps.now()
    dirty = false
    deps.post(
      {
        type: 'positions',
        run: s.run,
        step: s.step,
        epoch: s.epoch,
        loss: s.loss,
        method: projector.method,
        dims: projector.dims,
        iteration: projector.iteration,
        items: s.items,
        dim: s.dim,
        positions,
        vectors,
        info: projector.info(),
      },
      [positions.buffer, vectors.buffer],
    )
  }

  function pump() {
    scheduled = false
    if (!latest) return
    try {
      const moved = projector.step()
      dirty ||= moved
      const wait = interval - (deps.now() - lastPostAt)
      if (dirty && wait <= 0) publish(latest)
      if (moved) wake(0)
      else if (dirty) wake(wait)
    } catch (e) {
      fail(e)
    }
  }

  function wake(delayMs = 0) {
    if (scheduled) return
    scheduled = true
    deps.schedule(pump, Math.max(0, delayMs))
  }

  return {
    snapshot(s: SnapshotMessage) {
      latest = s
      projector.update(s.data, s.items, s.dim)
      wake()
    },
    request(msg: ProjectionRequest) {
      switch (msg.type) {
        case 'init':
          return
        case 'method':
          try {
            projector = createProjector(msg.method, msg.dims)
            if (latest) projector.update(latest.data, latest.items, latest.dim)
            wake()
          } catch (e) {
            fail(e)
          }
          return
        default:
          assertNever(msg)
      }
    },
  }
}
