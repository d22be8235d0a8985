import { useEffect, useMemo, useState } from 'react'
import { useStore } from 'zustand'
import './classroom.css'
import {
  askAgain,
  ensurePuzzleFor,
  guessWasRight,
  MAX_CANDIDATES,
  predictionStore,
  recordGuess,
  type Reveal,
  revealAnswer,
  revealBlocker,
  revealMessage,
  setCandidate,
  setProbe,
} from './prediction'
import { predictHost } from './sessionHosts'
import { useApp, useSession } from '../useSession'

/** The answer: each candidate's similarity (number and bar) and rank, most similar first. */
function RevealView({ reveal }: { reveal: Reveal }) {
  const right = guessWasRight(reveal)
  return (
    <div className="reveal" data-testid="predict-reveal">
      <p className={`verdict ${right === true ? 'right' : right === false ? 'wrong' : ''}`}>
        {revealMessage(reveal)}
      </p>
      <p className="muted small">
        Cosine similarity to {reveal.probe} at epoch {reveal.epoch} (1 = same direction), and rank
        among all {reveal.others} other items.
      </p>
      <ol className="reveal-rows">
        {reveal.rows.map((r, i) => (
          <li key={r.label} className={i === 0 ? 'nearest' : undefined}>
            <span className="name">
              {r.label}
              {i === 0 && <span className="tag">closest</span>}
              {r.label === reveal.guess && <span className="tag guessed">guessed</span>}
            </span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0, r.similarity) * 100}%` }} />
            </span>
            <span className="value">{r.similarity.toFixed(2)}</span>
            <span className="rank muted" title={`Rank among all ${reveal.others} other items`}>
              #{r.rank}
            </span>
          </li>
        ))}
      </ol>
    </div>
  )
}

/** The teacher's own question: a probe and up to four candidates from the loaded items. */
function QuestionEditor({ labels }: { labels: string[] }) {
  const probe = useStore(predictionStore, (s) => s.probe)
  const candidates = useStore(predictionStore, (s) => s.candidates)
  const sorted = useMemo(() => [...new Set(labels)].sort((a, b) => a.localeCompare(b)), [labels])
  const options = sorted.map((l) => (
    <option key={l} value={l}>
      {l}
    </option>
  ))
  return (
    <div className="question-editor">
      <label className="field">
        Ask about
        <select value={probe ?? ''} onChange={(e) => setProbe(e.target.value)}>
          {options}
        </select>
      </label>
      {Array.from({ length: MAX_CANDIDATES }, (_, slot) => (
        <label className="field" key={slot}>
          Candidate {slot + 1}
          <select
            value={candidates[slot] ?? ''}
            disabled={slot > candidates.length}
            onChange={(e) => setCandidate(slot, e.target.value)}
          >
            <option value="">(none)</option>
            {options}
          </select>
        </label>
      ))}
    </div>
  )
}

/**
 * The "Predict" tab: the class guesses which candidate ends up nearest to the probe before
 * training, then reveals the real answer once the model has trained.
 */
export function PredictPanel() {
  const c = useSession()
  const dataset = useApp((s) => s.dataset)
  const epoch = useApp((s) => s.epoch)
  const probe = useStore(predictionStore, (s) => s.probe)
  const candidates = useStore(predictionStore, (s) => s.candidates)
  const guess = useStore(predictionStore, (s) => s.guess)
  const reveal = useStore(predictionStore, (s) => s.reveal)
  const error = useStore(predictionStore, (s) => s.error)
  const [editing, setEditing] = useState(false)
  const key = dataset ? `${dataset.name}:${dataset.labels.length}` : null
  useEffect(() => {
    if (dataset && key) ensurePuzzleFor(dataset.labels, key)
  }, [dataset, key])

  if (!dataset || !probe)
    return (
      <section className="training-panel classroom" data-testid="predict-panel">
        <h2>Predict, then reveal</h2>
        <p className="muted">Load a dataset to ask the class a question.</p>
      </section>
    )
  const blocker = revealBlocker({ dataset, epoch }, candidates.length)
  return (
    <section
      className="training-panel classroom"
      data-testid="predict-panel"
      aria-label="Predict, then reveal"
    >
      <h2>Predict, then reveal</h2>
      <p className="predict-question">
        After training, which of these will be <strong>closest</strong> to <strong>{probe}</strong>?
      </p>
      {epoch === 0 && (
        <p className="muted small">Guess now, before training: the model knows nothing yet.</p>
      )}
      <div className="candidates" role="group" aria-label={`Candidates closest to ${probe}`}>
        {candidates.map((l) => (
          <button
            key={l}
            aria-pressed={guess === l}
            aria-disabled={reveal !== null}
            title={reveal ? 'Press “Ask again” to change the guess' : `Guess ${l}`}
            onClick={() => recordGuess(l)}
          >
            {l}
          </button>
        ))}
      </div>
      <p className="guess" aria-live="polite">
        {guess ? `Your class guessed: ${guess}` : 'Click a candidate to record the class’s guess.'}
      </p>
      {reveal ? (
        <RevealView reveal={reveal} />
      ) : (
        <>
          <button
            className="primary"
            disabled={blocker !== null}
            onClick={() => revealAnswer(predictHost(c))}
          >
            Reveal
          </button>
          {blocker && <p className="muted small">{blocker}</p>}
        </>
      )}
      {error && (
        <p className="lesson-error" role="alert">
          {error}
        </p>
      )}
      {(guess || reveal) && <button onClick={() => askAgain()}>Ask again</button>}
      <button className="link" aria-expanded={editing} onClick={() => setEditing(!editing)}>
        {editing ? 'Done changing the question' : 'Change the question'}
      </button>
      {editing && <QuestionEditor labels={dataset.labels} />}
    </section>
  )
}
