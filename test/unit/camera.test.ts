import { describe, expect, it } from 'vitest'
import {
  boundingSphere,
  DEFAULT_POSE,
  easeInOut,
  fitPose,
  frontPose,
  lerpPose,
  poseFromUnits,
  poseToUnits,
  SCENE_FOV,
  type Vec3,
} from '../../src/viz/camera'
import { HIDDEN, layoutFrame, normalizeLayout } from '../../src/viz/layout'
import { crowdScale } from '../../src/viz/highlight'

const pts = new Float32Array([1, 0, 0, -1, 0, 0, 0, 3, 0, HIDDEN, HIDDEN, HIDDEN])

describe('camera math', () => {
  it('bounds all points or only the listed ones, leaving hidden points out', () => {
    const all = boundingSphere(pts, 4, null)!
    expect(all.center).toEqual([0, 1.5, 0])
    expect(all.radius).toBeCloseTo(Math.hypot(1, 1.5), 6)
    const two = boundingSphere(pts, 4, [0, 1])!
    expect(two.center).toEqual([0, 0, 0])
    expect(two.radius).toBeCloseTo(1, 6)
    expect(boundingSphere(pts, 4, [3])).toBeNull()
    expect(boundingSphere(pts, 4, [7, -1])).toBeNull()
  })

  it('fits a sphere in the narrower field of view, keeping the viewing direction', () => {
    const sphere = { center: [1, 2, 3] as [number, number, number], radius: 2 }
    const from = {
      position: [0, 0, 10] as [number, number, number],
      target: [0, 0, 0] as [number, number, number],
    }
    const wide = fitPose(sphere, from, 50, 2, 1)
    expect(wide.target).toEqual([1, 2, 3])
    // Looking down −z as before, at distance r / sin(vfov/2) (the vertical field is narrower).
    expect(wide.position[0]).toBeCloseTo(1, 6)
    expect(wide.position[2] - 3).toBeCloseTo(2 / Math.sin((25 * Math.PI) / 180), 6)
    const tall = fitPose(sphere, from, 50, 0.5, 1)
    const hHalf = Math.atan(Math.tan((25 * Math.PI) / 180) * 0.5)
    expect(tall.position[2] - 3).toBeCloseTo(2 / Math.sin(hHalf), 6)
    // One point is not zoomed into a blur: a minimum radius applies.
    const one = fitPose({ center: [0, 0, 0], radius: 0 }, from, 50, 1, 1)
    expect(one.position[2]).toBeGreaterThan(0.5)
  })

  it('faces a 2D layout head-on at the same distance, and eases between poses', () => {
    const slanted = {
      position: [3, 4, 0] as [number, number, number],
      target: [0, 0, 0] as [number, number, number],
    }
    expect(frontPose(slanted)).toEqual({ target: [0, 0, 0], position: [0, 0, 5] })
    expect(easeInOut(0)).toBe(0)
    expect(easeInOut(1)).toBe(1)
    expect(easeInOut(0.5)).toBeCloseTo(0.5, 9)
    expect(easeInOut(2)).toBe(1)
    const mid = lerpPose(DEFAULT_POSE, slanted, 0.5)
    expect(mid.position[0]).toBeCloseTo(1.5, 6)
    expect(lerpPose(DEFAULT_POSE, slanted, 1)).toEqual(slanted)
  })

  it('shrinks points for big clouds, never below a quarter', () => {
    expect(crowdScale(300)).toBe(1)
    expect(crowdScale(5000)).toBe(1)
    expect(crowdScale(20_000)).toBeCloseTo(0.5, 9)
    expect(crowdScale(1_000_000)).toBe(0.25)
  })
})

describe('a camera in a layout’s own units (a Projector bookmark’s) and in the scene', () => {
  const layout = Float32Array.of(0, 0, 0, 4, 0, 0, 0, 2, 6, 8, 2, 2)
  const frame = layoutFrame(layout, 4, 3)
  const scene = new Float32Array(12)
  normalizeLayout(layout, 4, 3, scene)

  it('looks at the same point, from the same side, showing as much', () => {
    const cam = { target: [4, 0, 0] as Vec3, position: [4, 0, 10] as Vec3, halfHeight: 3 }
    const pose = poseFromUnits(cam, frame, 3)!
    pose.target.forEach((v, k) => expect(v).toBeCloseTo(scene[3 + k], 6))
    const distance = Math.hypot(...pose.position.map((v, k) => v - pose.target[k]))
    expect(distance * Math.tan((SCENE_FOV * Math.PI) / 360)).toBeCloseTo(3 * frame.scale, 9)
    expect(pose.position[2] - pose.target[2]).toBeCloseTo(distance, 9) // still along +z
    const back = poseToUnits(pose, frame, 3)!
    back.target.forEach((v, k) => expect(v).toBeCloseTo(cam.target[k], 6))
    expect(back.halfHeight).toBeCloseTo(3, 9)
  })

  it('in 2D looks straight down z, and a degenerate layout has no pose', () => {
    const flat = Float32Array.of(0, 0, 2, 2)
    const pose = poseFromUnits(
      { target: [2, 2, 0], position: [5, 5, 1], halfHeight: 1 },
      layoutFrame(flat, 2, 2),
      2,
    )!
    expect(pose.position[0]).toBeCloseTo(pose.target[0], 12)
    expect(pose.position[1]).toBeCloseTo(pose.target[1], 12)
    expect(
      poseFromUnits(
        { target: [0, 0, 0], position: [0, 0, 1], halfHeight: 1 },
        layoutFrame(Float32Array.of(1, 1, 1, 1), 2, 2),
        2,
      ),
    ).toBeNull()
  })
})
