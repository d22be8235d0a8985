import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import * as THREE from 'three'
import { crowdScale, POINT_SIZE, type StyleExtras, styleItems, THEME_COLORS } from './highlight'
import { prefersReducedMotion } from './motion'
import { EASE_MS, type SceneBuffers } from './sceneBuffers'
import { fragmentShader, vertexShader } from './pointShaders'
import { fitTexture, spriteCells } from './sprites'
import type { SceneSource, SpriteSheet } from './types'

/** Re-points the geometry at arrays of a new length (only when the item count changes). */
function bind(geometry: THREE.BufferGeometry, name: string, array: Float32Array, size: number) {
  const attr = geometry.getAttribute(name) as THREE.BufferAttribute | undefined
  if (attr && attr.array === array) return
  geometry.setAttribute(name, new THREE.BufferAttribute(array, size))
}

/**
 * The sheet as a texture: flipY false (ImageBitmaps are uploaded as stored, top row first, which
 * `cellUv` expects), sRGB, linear filtering without mipmaps (a sheet is rarely a power of two,
 * and mip levels would blend neighbouring thumbnails). A sheet larger than the GPU's
 * `maxTextureSize` is downscaled once, uniformly, so the grid's proportions and UVs still hold.
 */
function spriteTexture(sheet: SpriteSheet, maxSide: number) {
  const { bitmap } = sheet
  const fit = fitTexture(bitmap.width, bitmap.height, maxSide)
  let scaled: ImageBitmap | null = null
  if (fit.scale < 1) {
    const canvas = new OffscreenCanvas(fit.width, fit.height)
    const ctx = canvas.getContext('2d')
    if (ctx) {
      ctx.imageSmoothingQuality = 'high'
      ctx.drawImage(bitmap, 0, 0, fit.width, fit.height)
      scaled = canvas.transferToImageBitmap()
    }
  }
  const texture = new THREE.Texture(scaled ?? bitmap)
  texture.flipY = false
  texture.colorSpace = THREE.SRGBColorSpace
  texture.minFilter = THREE.LinearFilter
  texture.magFilter = THREE.LinearFilter
  texture.generateMipmaps = false
  texture.needsUpdate = true
  return { texture, scaled }
}

/** What image mode draws with; `sheet` guards against a frame between a prop change and the effect. */
interface SpriteDraw {
  sheet: SpriteSheet
  cells: Float32Array
}

/** What the point cloud draws: the source's newest layout in the given styles. */
export interface PointCloudProps {
  source: SceneSource
  buffers: SceneBuffers
  colors: Float32Array
  highlighted: number[]
  misleading: number[]
  hovered: number | null
  /** Selection beyond the primary item, search matches, isolation and theme colours. */
  extras: StyleExtras
  /** Point size multiplier (1 = default). */
  pointScale: number
  /** The sheet whose thumbnails the points show, or null for plain dots. */
  sprites: SpriteSheet | null
}

/** All items as one `<points>`; positions are written in place each frame, never through React state. */
export function PointCloud({
  source,
  buffers,
  colors,
  highlighted,
  misleading,
  hovered,
  extras,
  pointScale,
  sprites: sheet,
}: PointCloudProps) {
  const invalidate = useThree((s) => s.invalidate)
  const geometry = useMemo(() => new THREE.BufferGeometry(), [])
  const material = useMemo(
    () =>
      new THREE.ShaderMaterial({
        vertexShader,
        fragmentShader,
        uniforms: {
          uScale: { value: 500 },
          uImages: { value: 0 },
          uSprite: { value: null as THREE.Texture | null },
          uCellAspect: { value: 1 },
          uFade: { value: 0 },
          uBaseSize: { value: POINT_SIZE },
          uBackground: { value: new THREE.Color() },
        },
      }),
    [],
  )
  const style = useMemo(
    () => styleItems(colors, colors.length / 3, highlighted, hovered, misleading, extras),
    [colors, highlighted, hovered, misleading, extras],
  )
  const scaleRef = useRef(pointScale)
  useEffect(() => {
    scaleRef.current = pointScale
    invalidate()
  }, [pointScale, invalidate])
  const styleRef = useRef(style)
  const uploaded = useRef<unknown>(null)
  const drawn = useRef<Float32Array | null>(null)
  const wasMoving = useRef(false)
  useEffect(() => {
    styleRef.current = style
    invalidate()
  }, [style, invalidate])
  // Counts the source's new frames; useFrame copies the newest one in when it is behind.
  const arrived = useRef(0)
  useEffect(
    () =>
      source.subscribe(() => {
        arrived.current++
        invalidate()
      }),
    [source, invalidate],
  )
  useEffect(() => () => (geometry.dispose(), material.dispose()), [geometry, material])

  // Thumbnails fade with the dots while something is selected (styleItems' rule), towards the
  // plot's background.
  useEffect(() => {
    const { selection = [], matches = [], background = THEME_COLORS.dark.background } = extras
    const fade = highlighted.length > 0 || selection.length > 0 || matches.length > 0
    material.uniforms.uFade.value = fade ? 1 : 0
    ;(material.uniforms.uBackground.value as THREE.Color).setRGB(
      background[0],
      background[1],
      background[2],
    )
    invalidate()
  }, [highlighted, extras, material, invalidate])

  // Image mode: one texture per sheet, built when the sheet or the toggle changes, disposed after.
  const gl = useThree((s) => s.gl)
  const sprite = useRef<SpriteDraw | null>(null)
  // Set at commit, before any frame: from then on the old sheet's draw state is not used.
  const sheetRef = useRef(sheet)
  useLayoutEffect(() => {
    sheetRef.current = sheet
  }, [sheet])
  useEffect(() => {
    if (!sheet) return
    const { texture, scaled } = spriteTexture(sheet, gl.capabilities.maxTextureSize)
    const { grid } = sheet
    sprite.current = { sheet, cells: spriteCells(grid, sheet.items) }
    material.uniforms.uSprite.value = texture
    material.uniforms.uCellAspect.value = grid.cellWidth / grid.cellHeight
    // The thumbnail code is compiled in only while images are shown: a software renderer runs
    // both sides of a branch, and the texture lookup would slow every plain point down.
    material.defines = { SPRITES: '' }
    material.needsUpdate = true
    invalidate()
    return () => {
      sprite.current = null
      material.defines = {}
      material.needsUpdate = true
      material.uniforms.uSprite.value = null
      texture.dispose()
      scaled?.close()
      invalidate()
    }
  }, [sheet, gl, material, invalidate])

  useFrame((state, delta) => {
    const version = arrived.current
    const frame = source.current()
    const fresh = version !== buffers.version && frame.items > 0
    if (fresh) buffers.setTarget(frame.positions, frame.items, frame.dims, version)
    const n = buffers.n
    const moving = buffers.advance(delta * 1000, prefersReducedMotion() ? 0 : EASE_MS)
    bind(geometry, 'position', buffers.display, 3)
    const s = styleRef.current
    if (s.sizes.length === n) {
      if (uploaded.current !== s) {
        bind(geometry, 'aColor', s.colors, 3)
        bind(geometry, 'aSize', s.sizes, 1)
        geometry.getAttribute('aColor').needsUpdate = true
        geometry.getAttribute('aSize').needsUpdate = true
        uploaded.current = s
      }
      geometry.setDrawRange(0, n)
    } else geometry.setDrawRange(0, 0)
    // Thumbnails only for the sheet still current and made for exactly these items; otherwise an
    // aCell of another length must not stay bound (drawing would read past its end).
    const sp = sprite.current
    const images = sp !== null && sp.sheet === sheetRef.current && sp.sheet.items === n
    if (images) bind(geometry, 'aCell', sp.cells, 4)
    else if (geometry.getAttribute('aCell')) geometry.deleteAttribute('aCell')
    material.uniforms.uImages.value = images ? 1 : 0
    // Upload positions only when they changed: at 100k points that is 1.2 MB per frame saved
    // while the camera merely orbits.
    if (fresh || moving || wasMoving.current || drawn.current !== buffers.display) {
      geometry.getAttribute('position').needsUpdate = true
      drawn.current = buffers.display
    }
    wasMoving.current = moving
    const cam = state.camera as THREE.PerspectiveCamera
    material.uniforms.uScale.value =
      (scaleRef.current * crowdScale(n) * state.size.height) /
      (2 * Math.tan((cam.fov * Math.PI) / 360))
    if (moving) invalidate()
  })

  // The layout moves every snapshot, so the bounding sphere would be stale: never frustum-cull.
  return <points geometry={geometry} material={material} frustumCulled={false} />
}
