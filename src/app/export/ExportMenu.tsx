import { useRef } from 'react'
import { fileName } from '../../model/export'
import { type Download, exportChoices } from './exports'
import { useApp, useSession } from '../useSession'
import { exportModel, fail } from '../session'
import { plotScene } from '../plot'

function save(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

function saveAll(files: Download[]) {
  for (const f of files) save(f.name, new Blob([f.content], { type: f.type }))
}

/** Downloads of the vectors, the layout, the selection and a picture of the view. */
export function ExportMenu() {
  const c = useSession()
  const summary = useApp((s) => s.summary)
  // The choices are built from the store when rendered: re-render when the selection or the
  // presence of a layout changes (not on every frame).
  useApp((s) => s.selected)
  useApp((s) => s.selection)
  useApp((s) => s.version > 0)
  const menu = useRef<HTMLDetailsElement>(null)
  const choices = exportChoices(c)
  const close = () => menu.current?.removeAttribute('open')
  return (
    <details className="menu" ref={menu}>
      <summary aria-disabled={choices.length === 0}>Export</summary>
      <div className="menu-items" role="menu">
        {choices.map((choice) => (
          <button
            key={choice.id}
            role="menuitem"
            onClick={() => {
              try {
                saveAll(choice.build())
              } catch (e) {
                fail(c, e) // e.g. vectors that are not finite: said in the banner, nothing saved
              }
              close()
            }}
          >
            {choice.label}
          </button>
        ))}
        <button
          role="menuitem"
          disabled={!summary}
          onClick={() => {
            const canvas = plotScene(c).handle?.capture()
            canvas?.toBlob(
              (blob) => blob && save(fileName(summary?.name ?? '', 'view', 'png'), blob),
            )
            close()
          }}
        >
          Picture of the plot (PNG)
        </button>
        <button
          role="menuitem"
          disabled={!summary}
          onClick={() => {
            close()
            const base = fileName(summary?.name ?? '', 'model', 'json').replace(/\.json$/, '')
            exportModel(c, base).then(
              (m) => {
                save(`${base}.json`, new Blob([m.modelJson], { type: 'application/json' }))
                save(m.weightsName, new Blob([m.weights], { type: 'application/octet-stream' }))
              },
              () => {}, // the message is in the banner
            )
          }}
        >
          Trained model (TensorFlow.js model.json + weights)
        </button>
      </div>
    </details>
  )
}
