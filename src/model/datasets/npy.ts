// numpy's .npy format (numpy/lib/format.py): magic "\x93NUMPY", a version byte pair, a
// little-endian header length (2 bytes in version 1, 4 in versions 2 and 3), a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (n, d)}, then the raw array.
import { DatasetError } from './errors'
import { checkVectorBytes } from './limits'
import { FLOAT32_MAX } from './vectors'

/** One array read from a .npy file: its dtype, shape, order and raw bytes (a view, not a copy). */
export interface NpyArray {
  /** numpy's dtype string as written: '<f4', '>f8', '<U6', '|O', … */
  descr: string
  fortran: boolean
  shape: number[]
  /** The array's bytes, in the file's order; a view into the file's bytes. */
  body: Uint8Array
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

/** Whether bytes start with numpy's magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b)
}

/** The value of one key of the header dict, or a DatasetError naming what is wrong. */
function field(file: string, header: string, key: string, value: string): string {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*(${value})`).exec(header)
  if (!m)
    throw new DatasetError(file, `its .npy header has no readable '${key}' (${header.trim()})`)
  return m[1]
}

/** Parses a .npy file's header; the body is a view into `bytes` (nothing is copied). */
export function readNpy(file: string, bytes: Uint8Array): NpyArray {
  if (!isNpy(bytes))
    throw new DatasetError(file, 'is not a .npy file (it does not start with \\x93NUMPY)')
  const major = bytes[6]
  if (major < 1 || major > 3)
    throw new DatasetError(file, `is a .npy file of version ${major}, which is not known`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lengthBytes = major === 1 ? 2 : 4
  if (bytes.length < 8 + lengthBytes) throw new DatasetError(file, 'is cut short (no header)')
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  const start = 8 + lengthBytes + headerLength
  if (start > bytes.length) throw new DatasetError(file, 'is cut short (in its header)')
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(8 + lengthBytes, start),
  )
  if (/['"]descr['"]\s*:\s*\[/.test(header))
    throw new DatasetError(
      file,
      'holds a structured array (named fields): save the numbers as one plain array, e.g. np.save(path, x.astype(np.float32))',
    )
  const descr = field(file, header, 'descr', `'[^']*'|"[^"]*"`).slice(1, -1)
  const fortran = field(file, header, 'fortran_order', 'True|False') === 'True'
  const shapeText = field(file, header, 'shape', '\\([^)]*\\)').slice(1, -1)
  const shape = shapeText
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '')
    .map(Number)
  if (shape.some((s) => !Number.isSafeInteger(s) || s < 0))
    throw new DatasetError(file, `has a shape that cannot be read: (${shapeText})`)
  return { descr, fortran, shape, body: bytes.subarray(start) }
}

/** How to read one element of a numeric dtype, or null for a dtype that is not numeric. */
function numericReader(descr: string) {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr)
  if (!m) return null
  const little = m[1] !== '>'
  const size = Number(m[3])
  const kind = m[2]
  const read = (() => {
    if (kind === 'f' && size === 2) return (v: DataView, o: number) => half(v.getUint16(o, little))
    if (kind === 'f' && size === 4) return (v: DataView, o: number) => v.getFloat32(o, little)
    if (kind === 'f' && size === 8) return (v: DataView, o: number) => v.getFloat64(o, little)
    if (kind === 'i' && size === 1) return (v: DataView, o: number) => v.getInt8(o)
    if (kind === 'i' && size === 2) return (v: DataView, o: number) => v.getInt16(o, little)
    if (kind === 'i' && size === 4) return (v: DataView, o: number) => v.getInt32(o, little)
    if (kind === 'i' && size === 8)
      return (v: DataView, o: number) => Number(v.getBigInt64(o, little))
    if (kind === 'u' && size === 1) return (v: DataView, o: number) => v.getUint8(o)
    if (kind === 'u' && size === 2) return (v: DataView, o: number) => v.getUint16(o, little)
    if (kind === 'u' && size === 4) return (v: DataView, o: number) => v.getUint32(o, little)
    if (kind === 'u' && size === 8)
      return (v: DataView, o: number) => Number(v.getBigUint64(o, little))
    if (kind === 'b' && size === 1) return (v: DataView, o: number) => v.getUint8(o)
    return null
  })()
  return read && { read, size, little, kind }
}

/** An IEEE 754 half-precision number from its 16 bits. */
function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Why a dtype cannot hold vectors, for the message. */
function notNumeric(descr: string): string {
  if (/^\|?O$/.test(descr))
    return 'holds Python objects (dtype object, stored as a pickle), which are not read for safety: save numbers, e.g. np.save(path, np.asarray(x, dtype=np.float32))'
  if (/^[<>|=]?[US]\d+$/.test(descr)) return `holds text (dtype ${descr}), not numbers`
  if (/^[<>|=]?c\d+$/.test(descr)) return `holds complex numbers (dtype ${descr})`
  return `holds dtype ${descr}, not numbers numpy saves as float, int or bool`
}

/**
 * The array as row-major float32 vectors of shape (n, d): one Float32Array is made and filled, in
 * one pass, whatever the dtype and order. A 1-D or 3-D array, a non-numeric dtype or a number that
 * is not finite (or too big for float32) is refused with the row and column.
 */
export function npyVectors(
  file: string,
  a: NpyArray,
): { rows: number; dim: number; data: Float32Array } {
  const reader = numericReader(a.descr)
  if (!reader) throw new DatasetError(file, notNumeric(a.descr))
  if (a.shape.length !== 2)
    throw new DatasetError(
      file,
      `has shape (${a.shape.join(', ')}${a.shape.length === 1 ? ',' : ''}): vectors need 2 dimensions, ` +
        'one row per item (items × numbers)' +
        (a.shape.length > 2 ? ', e.g. x.reshape(len(x), -1)' : ''),
    )
  const [rows, dim] = a.shape
  const count = rows * dim
  checkVectorBytes(file, rows, dim)
  if (dim === 0) throw new DatasetError(file, `has shape (${rows}, 0): no numbers per item`)
  if (a.body.length < count * reader.size)
    throw new DatasetError(
      file,
      `is cut short: shape (${rows}, ${dim}) needs ${count * reader.size} bytes of data, it has ${a.body.length}`,
    )
  const data = new Float32Array(count)
  const { body } = a
  const aligned = (body.byteOffset & 3) === 0
  if (a.descr.endsWith('f4') && reader.little === IS_LITTLE_ENDIAN && aligned && !a.fortran) {
    data.set(new Float32Array(body.buffer, body.byteOffset, count))
  } else {
    const view = new DataView(body.buffer, body.byteOffset, count * reader.size)
    const { read, size } = reader
    // Fortran order stores column after column: element (r, j) is at j·rows + r.
    if (a.fortran) {
      for (let j = 0, o = 0; j < dim; j++)
        for (let r = 0; r < rows; r++, o += size) data[r * dim + j] = read(view, o)
    } else for (let i = 0, o = 0; i < count; i++, o += size) data[i] = read(view, o)
  }
  const wide = reader.size > 4 || reader.kind !== 'f'
  for (let i = 0; i < count; i++) {
    const v = data[i]
    if (v - v !== 0 || (wide && Math.abs(v) > FLOAT32_MAX)) {
      const r = Math.floor(i / dim) + 1
      throw new DatasetError(file, `row ${r}, column ${(i % dim) + 1} is ${v}, not a finite number`)
    }
  }
  return { rows, dim, data }
}

/** Whether an array holds text (numpy's unicode '<U…' or bytes '|S…' dtypes). */
export function isTextArray(a: NpyArray): boolean {
  return /^[<>|=]?[US]\d+$/.test(a.descr)
}

/** A 1-D array of text ('<U…' UTF-32 or '|S…' bytes) as trimmed strings; trailing NULs dropped. */
export function npyStrings(file: string, a: NpyArray): string[] {
  const m = /^([<>|=]?)([US])(\d+)$/.exec(a.descr)
  if (!m) throw new DatasetError(file, `${notNumeric(a.descr)}: labels must be text`)
  if (a.shape.length !== 1)
    throw new DatasetError(file, `has shape (${a.shape.join(', ')}): labels need 1 dimension`)
  const [n] = a.shape
  const chars = Number(m[3])
  const unicode = m[2] === 'U'
  const size = unicode ? chars * 4 : chars
  if (a.body.length < n * size) throw new DatasetError(file, 'is cut short')
  const view = new DataView(a.body.buffer, a.body.byteOffset, n * size)
  const little = m[1] !== '>'
  const utf8 = new TextDecoder('utf-8')
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    if (unicode) {
      let s = ''
      for (let c = 0; c < chars; c++) {
        const code = view.getUint32(i * size + c * 4, little)
        if (code === 0) break
        s += String.fromCodePoint(code)
      }
      out.push(s)
    } else {
      const raw = a.body.subarray(i * size, (i + 1) * size)
      const end = raw.indexOf(0)
      out.push(utf8.decode(end >= 0 ? raw.subarray(0, end) : raw))
    }
  }
  return out
}
