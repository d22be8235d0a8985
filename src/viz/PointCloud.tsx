import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import * as THREE from 'three'
import { useStore } from 'zustand'
import type { Session } from '../app/session'
import { type SpriteSheet, spriteStore } from '../app/session/sprite'
import { crowdScale, POINT_SIZE, type StyleExtras, styleItems, THEME_COLORS } from './highlight'
import { prefersReducedMotion } from './motion'
import { EASE_MS, type SceneBuffers } from './sceneBuffers'
import { fitTexture, SPRITE_POINT_SCALE, spriteCells } from './sprites'

/** How far a faded thumbnail moves towards the background (the dots' fade is 0.72). */
const SPRITE_FADE = 0.6

const vertexShader = /* glsl */ `
attribute vec3 aColor;
attribute float aSize;
uniform float uScale;
varying vec3 vColor;
#ifdef SPRITES
attribute vec4 aCell;
uniform float uImages;
uniform float uFade;
uniform float uBaseSize;
varying vec4 vCell;
varying float vPx;
varying float vFaded;
#endif
void main() {
  vColor = aColor;
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mv;
  float boost = 1.0;
#ifdef SPRITES
  vCell = aCell;
  // Highlighted items are drawn larger than the base size; with something selected, the rest fade.
  vFaded = uFade > 0.5 && aSize <= uBaseSize * 1.001 ? 1.0 : 0.0;
  boost = uImages > 0.5 ? ${SPRITE_POINT_SCALE.toFixed(1)} : 1.0;
#endif
  // Size 0 marks a hidden (isolated-away) point: it is not drawn at all.
  gl_PointSize = aSize <= 0.0 ? 0.0 : max(aSize * uScale * boost / -mv.z, 3.0 * boost);
#ifdef SPRITES
  vPx = gl_PointSize;
#endif
  if (aSize <= 0.0) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
}`

const fragmentShader = /* glsl */ `
varying vec3 vColor;
#ifdef SPRITES
uniform sampler2D uSprite;
uniform float uImages;
uniform float uCellAspect;
uniform vec3 uBackground;
varying vec4 vCell;
varying float vPx;
varying float vFaded;
#endif
void main() {
#ifdef SPRITES
  if (uImages > 0.5 && vCell.z > vCell.x) {
    // The thumbnail keeps its aspect ratio inside the square point, framed in the item's colour.
    vec2 halfBox = 0.5 * vPx * (uCellAspect > 1.0 ? vec2(1.0, 1.0 / uCellAspect) : vec2(uCellAspect, 1.0));
    vec2 d = (gl_PointCoord - 0.5) * vPx; // pixels from the centre, y down like the UVs
    if (abs(d.x) > halfBox.x || abs(d.y) > halfBox.y) discard;
    float edge = min(halfBox.x - abs(d.x), halfBox.y - abs(d.y));
    if (edge < clamp(vPx * 0.05, 1.0, 3.0)) {
      gl_FragColor = vec4(vColor, 1.0);
      return;
    }
    // gl_PointCoord and the cell UVs both have y growing downwards: no flip (see cellUv).
    vec4 texel = texture2D(uSprite, mix(vCell.xy, vCell.zw, d / (2.0 * halfBox) + 0.5));
    // The texture is sRGB, decoded to linear by the GPU; vColor is drawn as is, so re-encode.
    vec3 rgb = mix(vColor * 0.25, linearToOutputTexel(texel).rgb, texel.a);
    gl_FragColor = vec4(mix(rgb, uBackground, vFaded * ${SPRITE_FADE.toFixed(2)}), 1.0);
    return;
  }
#endif
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = dot(c, c);
  if (r > 1.0) discard;
  vec3 col = mix(vColor, vColor * 0.3, smoothstep(0.6, 1.0, r));
  gl_FragColor = vec4(col, 1.0);
}`

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

/** What image mode draws with; `sheet` guards against a frame between a store change and the effect. */
interface SpriteDraw {
  sheet: SpriteSheet
  cells: Float32Array
}

export interface PointCloudProps {
  controller: Session
  buffers: SceneBuffers
  colors: Float32Array
  highlighted: number[]
  misleading: number[]
  hovered: number | null
  /** Selection beyond the primary item, search matches, isolation and theme colours. */
  extras: StyleExtras
  /** Point size multiplier (1 = default). */
  pointScale: number
}

/** All items as one `<points>`; positions are written in place each frame, never through React state. */
export function PointCloud({
  controller,
  buffers,
  colors,
  highlighted,
  misleading,
  hovered,
  extras,
  pointScale,
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
  useEffect(
    () => controller.store.subscribe((s, prev) => s.version !== prev.version && invalidate()),
    [controller, invalidate],
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
  const sheet = useStore(spriteStore, (s) => s.sheet)
  const showImages = useStore(spriteStore, (s) => s.showImages)
  const sprite = useRef<SpriteDraw | null>(null)
  useEffect(() => {
    if (!sheet || !showImages) return
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
  }, [sheet, showImages, gl, material, invalidate])

  useFrame((state, delta) => {
    const version = controller.store.getState().version
    const live = controller.live
    const fresh = version !== buffers.version && live.items > 0
    if (fresh) buffers.setTarget(live.positions, live.items, live.dims, version)
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
    const images = sp !== null && sp.sheet === spriteStore.getState().sheet && sp.sheet.items === n
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
