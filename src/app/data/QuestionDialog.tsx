import { useState } from 'react'
import { useApp, useSession } from '../useSession'
import { answerDimension } from '../session'

/** Asks what a dropped file cannot say itself: the dimension of a `.bytes` tensor. */
export function QuestionDialog() {
  const c = useSession()
  const question = useApp((s) => s.question)
  const [value, setValue] = useState('')
  if (!question) return null
  const shown = value || (question.suggestion ? String(question.suggestion) : '')
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-labelledby="question-title"
        onSubmit={(e) => {
          e.preventDefault()
          setValue('')
          void answerDimension(c, Number(shown)).catch(() => {}) // errors go to the banner
        }}
      >
        <h2 id="question-title">How long is each vector in {question.file}?</h2>
        <p className="small muted">
          A .bytes file holds float32 numbers without their shape.
          {question.suggestion
            ? ` The metadata dropped with it suggests ${question.suggestion}.`
            : ' Its projector_config.json would say; otherwise give the numbers per vector.'}
        </p>
        <label className="param">
          <span className="param-name">Numbers per vector</span>
          <input
            aria-label="Numbers per vector"
            type="number"
            min={1}
            step={1}
            autoFocus
            value={shown}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <div className="form-actions">
          <button type="submit" disabled={!(Number(shown) > 0)}>
            Load
          </button>
          <button
            type="button"
            onClick={() => {
              setValue('')
              void answerDimension(c, null)
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    </div>
  )
}
