import { useRef } from 'react'
import { limitsText } from '../../model/datasets/limits'
import { useSession } from '../useSession'
import { loadFiles } from '../session'

/** The file picker: the same as dropping the chosen files on the page. */
export function OpenFiles() {
  const c = useSession()
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button
        onClick={() => input.current?.click()}
        title={`Load your own data (or drop files anywhere). ${limitsText()}`}
      >
        Open files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Open files"
        accept=".csv,.tsv,.txt,.json,.jsonl,.vec,.bytes,.npy,.npz,.parquet,.arrow,.feather,.png,.jpg,.jpeg"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? [])
          e.target.value = '' // choosing the same file again still loads it
          if (files.length) void loadFiles(c, files).catch(() => {})
        }}
      />
    </>
  )
}
