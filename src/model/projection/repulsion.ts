// The inner loops of t-SNE's Barnes–Hut repulsion (SpaceTree.repulsion): a group of points against
// the interaction list of cells its tree walk produced, each cell as (centre of mass, mass).

// The two loops below are the same, unrolled per dimension because they are nearly all of a t-SNE
// iteration's time. Each point of the group meets its own leaf in the list (at distance 0:
// w = 1 and no force), so 1 per point comes off Z.

/** Adds the list's repulsion on points order[from … to − 1] (2D) into force; returns their Z. */
export function evaluate2(
  list: Float64Array,
  count: number,
  pos: Float64Array | Float32Array,
  order: Int32Array,
  from: number,
  to: number,
  force: Float64Array,
): number {
  let z = 0
  for (let o = from; o < to; o++) {
    const i = order[o]
    const x = pos[2 * i]
    const y = pos[2 * i + 1]
    let fx = 0
    let fy = 0
    let zi = -1
    for (let e = 0; e < count * 3; e += 3) {
      const dx = x - list[e]
      const dy = y - list[e + 1]
      const w = 1 / (1 + dx * dx + dy * dy)
      const mw = list[e + 2] * w
      zi += mw
      fx += mw * w * dx
      fy += mw * w * dy
    }
    z += zi
    force[2 * i] = fx
    force[2 * i + 1] = fy
  }
  return z
}

/** Adds the list's repulsion on points order[from … to − 1] (3D) into force; returns their Z. */
export function evaluate3(
  list: Float64Array,
  count: number,
  pos: Float64Array | Float32Array,
  order: Int32Array,
  from: number,
  to: number,
  force: Float64Array,
): number {
  let z = 0
  for (let o = from; o < to; o++) {
    const i = order[o]
    const x = pos[3 * i]
    const y = pos[3 * i + 1]
    const zz = pos[3 * i + 2]
    let fx = 0
    let fy = 0
    let fz = 0
    let zi = -1
    for (let e = 0; e < count * 4; e += 4) {
      const dx = x - list[e]
      const dy = y - list[e + 1]
      const dz = zz - list[e + 2]
      const w = 1 / (1 + dx * dx + dy * dy + dz * dz)
      const mw = list[e + 3] * w
      zi += mw
      fx += mw * w * dx
      fy += mw * w * dy
      fz += mw * w * dz
    }
    z += zi
    force[3 * i] = fx
    force[3 * i + 1] = fy
    force[3 * i + 2] = fz
  }
  return z
}
