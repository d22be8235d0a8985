/**
 * A callback that long synchronous loops call now and then (every ~0.1–50 ms of work) so the
 * thread they run on can say it is still alive: in a worker it posts a throttled "alive" message
 * (rpc.ts `beacon`), which keeps the worker's heartbeat from taking a busy worker for dead. Model
 * code only calls it; it must be cheap (one clock read) and must not throw.
 */
export type Tick = () => void
