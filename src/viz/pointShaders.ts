// The point cloud's GLSL: round dots, or (with SPRITES defined) framed sprite-sheet thumbnails.
import { SPRITE_POINT_SCALE } from './sprites'

/** How far a faded thumbnail moves towards the background (the dots' fade is 0.72). */
const SPRITE_FADE = 0.6

export const vertexShader = /* glsl */ `
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

export const fragmentShader = /* glsl */ `
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
