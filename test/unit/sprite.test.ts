import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { inflateSync } from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearSprite, loadSprite, setSprite, spriteStore } from '../../src/app/session/sprite'
import { parseFiles } from '../../src/model/datasets/index'
import { DatasetError } from '../../src/model/datasets/errors'
import {
  cellRect,
  cellUv,
  imageHeader,
  MAX_SPRITE_SIDE,
  spriteGrid,
} from '../../src/model/datasets/sprite'
import { fitTexture, spriteCells } from '../../src/viz/sprites'
import { COLOURS, crc32, spriteFixture } from '../fixtures/sprites/make-sprite'

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/sprites/${name}`, import.meta.url)))

/** The error a function throws (fails the test if it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

/** RGB of pixel (x, y) of an 8-bit RGB, non-interlaced PNG whose rows all use filter 0. */
function pngPixel(png: Uint8Array, x: number, y: number): number[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const width = view.getUint32(16)
  const idat: Uint8Array[] = []
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at)
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8))
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length))
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const row = y * (1 + width * 3)
  expect(raw[row]).toBe(0)
  return [...raw.subarray(row + 1 + x * 3, row + 4 + x * 3)]
}

describe('spriteGrid', () => {
  it('cuts a square sheet into row-major cells', () => {
    expect(spriteGrid('s.png', 512, 512, 32, 32, 256)).toEqual({
      cols: 16,
      rows: 16,
      cellWidth: 32,
      cellHeight: 32,
      imageWidth: 512,
      imageHeight: 512,
    })
  })

  it('accepts non-square sheets and cells, ignoring pixels beyond the last whole cell', () => {
    const g = spriteGrid('wide.jpg', 8192, 4096, 64, 32, 16384)
    expect([g.cols, g.rows]).toEqual([128, 128])
    const ragged = spriteGrid('r.png', 100, 70, 30, 20, 9)
    expect([ragged.cols, ragged.rows]).toEqual([3, 3])
  })

  it('infers the cell from a square grid of ceil(√n) per side, on any aspect ratio', () => {
    const g = spriteGrid('s.png', 960, 480, undefined, undefined, 100)
    expect(g).toMatchObject({ cols: 10, rows: 10, cellWidth: 96, cellHeight: 48 })
    // 101 items need an 11 × 11 grid: floor(960 / 11) = 87, floor(480 / 11) = 43.
    const h = spriteGrid('s.png', 960, 480, undefined, undefined, 101)
    expect(h).toMatchObject({ cols: 11, rows: 11, cellWidth: 87, cellHeight: 43 })
    expect(spriteGrid('s.png', 96, 64, undefined, undefined, 6)).toMatchObject({
      cols: 3,
      rows: 3,
      cellWidth: 32,
      cellHeight: 21,
    })
  })

  it('names the file and the numbers when the grid holds too few thumbnails', () => {
    const e = thrown(() => spriteGrid('sprite.png', 512, 512, 32, 32, 300))
    expect(e).toBeInstanceOf(DatasetError)
    expect((e as DatasetError).file).toBe('sprite.png')
    expect(e.message).toBe(
      'sprite.png: a 512×512 px image holds 256 thumbnails of 32×32 px (16 × 16), but there are 300 points',
    )
    expect(() => spriteGrid('sprite.png', 512, 512, 32, 32, 256)).not.toThrow()
  })

  it('refuses cells that are not positive whole pixels or larger than the image', () => {
    for (const [w, h] of [
      [0, 32],
      [32, -1],
      [31.5, 32],
      [Number.NaN, 32],
    ]) {
      const e = thrown(() => spriteGrid('cells.png', 64, 64, w, h, 1))
      expect(e.message).toMatch(/^cells\.png: the thumbnail size must be positive whole pixels/)
    }
    const big = thrown(() => spriteGrid('tiny.png', 64, 48, 32, 64, 1))
    expect(big.message).toBe('tiny.png: the image is 64×48 px, smaller than one 32×64 px thumbnail')
  })

  it('refuses an inferred grid too small for the items, and oversized images', () => {
    const e = thrown(() => spriteGrid('dots.png', 10, 10, undefined, undefined, 300))
    expect(e.message).toMatch(/^dots\.png: a 10×10 px image is too small for 300 thumbnails/)
    expect(() => spriteGrid('ok.png', MAX_SPRITE_SIDE, 8, 8, 8, 1)).not.toThrow()
    const huge = thrown(() => spriteGrid('huge.png', MAX_SPRITE_SIDE + 1, 8, 8, 8, 1))
    expect(huge.message).toMatch(/^huge\.png: the image is 16385×8 px; .* at most 16384 px/)
  })
})

describe('cellRect and cellUv', () => {
  const grid = spriteGrid('s.png', 8192, 4096, 64, 32, 16384) // 128 × 128 cells

  it('place the first, last-in-row, next-row and last items row-major from the top left', () => {
    expect(cellRect(grid, 0)).toEqual({ x: 0, y: 0, w: 64, h: 32 })
    expect(cellRect(grid, 127)).toEqual({ x: 8128, y: 0, w: 64, h: 32 })
    expect(cellRect(grid, 128)).toEqual({ x: 0, y: 32, w: 64, h: 32 })
    expect(cellRect(grid, 16383)).toEqual({ x: 8128, y: 4064, w: 64, h: 32 })
  })

  it('normalise with v = 0 at the top row (flipY false), optionally inset', () => {
    expect(cellUv(grid, 0)).toEqual([0, 0, 64 / 8192, 32 / 4096])
    expect(cellUv(grid, 127)).toEqual([8128 / 8192, 0, 1, 32 / 4096])
    expect(cellUv(grid, 16383)).toEqual([8128 / 8192, 4064 / 4096, 1, 1])
    expect(cellUv(grid, 0, 0.5)).toEqual([0.5 / 8192, 0.5 / 4096, 63.5 / 8192, 31.5 / 4096])
  })

  it('point at the right colours in the fixture sheet', () => {
    const png = fixture('sprite-3x2.png')
    const g = spriteGrid('sprite-3x2.png', 96, 64, 32, 32, 6)
    COLOURS.forEach((colour, i) => {
      const r = cellRect(g, i)
      expect(pngPixel(png, r.x, r.y)).toEqual([...colour])
      expect(pngPixel(png, r.x + r.w - 1, r.y + r.h - 1)).toEqual([...colour])
    })
  })
})

describe('fixtures', () => {
  it('the committed PNG is exactly what make-sprite.ts writes, with valid CRCs', () => {
    const png = fixture('sprite-3x2.png')
    expect(Buffer.compare(png, spriteFixture())).toBe(0)
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082)
    expect(imageHeader(png)).toEqual({ type: 'png', width: 96, height: 64 })
  })

  it('the config, vectors and metadata load as six labelled items', () => {
    const files = ['projector_config.json', 'vectors.tsv', 'metadata.tsv'].map((name) => ({
      name,
      text: fixture(name).toString('utf8'),
    }))
    const ds = parseFiles(files)
    expect(ds.labels).toEqual(['red', 'green', 'blue', 'yellow', 'magenta', 'cyan'])
    const config = JSON.parse(fixture('projector_config.json').toString('utf8'))
    expect(config.embeddings[0].sprite).toEqual({
      imagePath: 'sprite-3x2.png',
      singleImageDim: [32, 32],
    })
  })
})

describe('imageHeader', () => {
  it('reads a JPEG size from its start-of-frame after other segments', () => {
    // SOI, an APP0 segment of 16 bytes, then SOF0: length 17, precision 8, height 300, width 500.
    const jpeg = new Uint8Array([
      0xff,
      0xd8,
      0xff,
      0xe0,
      0x00,
      0x10,
      ...new Array(14).fill(0),
      0xff,
      0xc0,
      0x00,
      0x11,
      0x08,
      0x01,
      0x2c,
      0x01,
      0xf4,
      0x03,
    ])
    expect(imageHeader(jpeg)).toEqual({ type: 'jpeg', width: 500, height: 300 })
    expect(imageHeader(new TextEncoder().encode('label\tx\n'))).toBeNull()
  })
})

describe('scene helpers', () => {
  it('spriteCells writes one inset uv rect per point and zeros beyond the grid', () => {
    const g = spriteGrid('s.png', 96, 64, 32, 32, 6)
    const cells = spriteCells(g, 7)
    expect(cells.length).toBe(28)
    expect([...cells.subarray(8, 12)]).toEqual(cellUv(g, 2, 0.5).map(Math.fround))
    expect([...cells.subarray(24, 28)]).toEqual([0, 0, 0, 0])
  })

  it('fitTexture scales both sides by one factor only when too large', () => {
    expect(fitTexture(8192, 4096, 16384)).toEqual({ width: 8192, height: 4096, scale: 1 })
    expect(fitTexture(16384, 8192, 8192)).toEqual({ width: 8192, height: 4096, scale: 0.5 })
    expect(fitTexture(12000, 3000, 4096)).toMatchObject({ width: 4096, height: 1024 })
  })
})

describe('loadSprite', () => {
  afterEach(() => {
    clearSprite()
    vi.unstubAllGlobals()
  })

  /** A stand-in for the browser's decoder: a bitmap of the size the PNG header says. */
  function stubDecoder() {
    const closed: number[] = []
    vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
      const head = imageHeader(new Uint8Array(await blob.arrayBuffer()))
      if (!head) throw new Error('undecodable')
      return { width: head.width, height: head.height, close: () => closed.push(head.width) }
    })
    return closed
  }

  it('returns a validated sheet, and keeps the previous one when a grid is too small', async () => {
    const closed = stubDecoder()
    const bytes = new Uint8Array(fixture('sprite-3x2.png'))
    const sheet = await loadSprite({ name: 'sprite-3x2.png', bytes }, [32, 32], 6)
    expect(sheet.grid).toMatchObject({ cols: 3, rows: 2 })
    setSprite(sheet)
    const e = await loadSprite({ name: 'sprite-3x2.png', bytes }, [32, 32], 7).catch((x) => x)
    expect(e.message).toBe(
      'sprite-3x2.png: a 96×64 px image holds 6 thumbnails of 32×32 px (3 × 2), but there are 7 points',
    )
    expect(closed).toEqual([96]) // the rejected bitmap, not the loaded one
    expect(spriteStore.getState().sheet).toBe(sheet)
  })

  it('says when a file is not an image', async () => {
    stubDecoder()
    const bytes = new TextEncoder().encode('not an image')
    const e = await loadSprite({ name: 'notes.png', bytes }, undefined, 3).catch((x) => x)
    expect(e).toBeInstanceOf(DatasetError)
    expect(e.message).toMatch(/^notes\.png: is not a PNG or JPEG image/)
  })
})
