import { describe, expect, it } from 'vitest'
import { customAxesLayout, projectorMatches } from '../../src/model/projection/customAxes'

describe("the Projector's custom projection", () => {
  it('matches as its search does: a case-insensitive substring, or a case-insensitive regex', () => {
    const values = ['Iris-setosa', 'Iris-versicolor', 'iris-virginica', 'other']
    expect(projectorMatches(values, { text: 'IRIS-V', regex: false })).toEqual([1, 2])
    expect(projectorMatches(values, { text: '^iris-v.*a$', regex: true })).toEqual([2])
    expect(projectorMatches(values, { text: 'SETOSA|other', regex: true })).toEqual([0, 3])
    expect(() => projectorMatches(values, { text: '(', regex: true })).toThrow(SyntaxError)
  })

  it('puts each item at its dot product with the centroid differences', () => {
    const data = Float32Array.of(1, 0, 0, 1, 2, 2, -1, 3)
    const out = customAxesLayout(data, 4, 2, { xLeft: [0], xRight: [1], yDown: [2], yUp: [3] })
    // x along (0,1) − (1,0) = (−1, 1); y along (−1,3) − (2,2) = (−3, 1).
    expect([...out]).toEqual([-1, -3, 1, 1, 0, -4, 4, 6])
    // A group's centroid is the mean of its rows.
    const two = customAxesLayout(data, 4, 2, { xLeft: [0, 1], xRight: [2], yDown: [0], yUp: [1] })
    expect([...two.subarray(0, 2)]).toEqual([1.5, -1])
  })

  it('from 50 dimensions on, projects the vectors centred and of unit length, as the Projector does', () => {
    const groups = { xLeft: [0], xRight: [1], yDown: [2], yUp: [3] }
    const make = (dim: number, shift: number) =>
      Float32Array.from({ length: 4 * dim }, (_, k) => Math.sin(k * 1.7) + shift)
    const layout = (dim: number, shift: number) =>
      [...customAxesLayout(make(dim, shift), 4, dim, groups)].map((v) => +v.toFixed(4))
    // Moving every vector by the same amount changes nothing once they are centred …
    expect(layout(50, 5)).toEqual(layout(50, 0))
    // … and below 50 dimensions the vectors are taken as they are.
    expect(layout(49, 5)).not.toEqual(layout(49, 0))
    // A vector at the centroid stays at 0 (no division by a zero length).
    const a = make(60, 0).subarray(0, 60)
    const b = make(60, 0).subarray(60, 120)
    const five = Float32Array.from([
      ...a,
      ...a.map((v) => -v),
      ...b,
      ...b.map((v) => -v),
      ...new Array(60).fill(0),
    ])
    expect([...customAxesLayout(five, 5, 60, groups).subarray(8, 10)]).toEqual([0, 0])
  })
})
