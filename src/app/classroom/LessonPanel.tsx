import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import './classroom.css'
import {
  FAR_ITEM,
  fillText,
  goToStep,
  LESSON_ITEM,
  LESSON_STEPS,
  lessonStore,
  type LessonStep,
  NEAR_ITEM,
  oneHotArithmetic,
  SPECIES,
  snapshotOf,
} from './lesson'
import { rankCandidates } from './prediction'
import { lessonHost, predictHost } from './sessionHosts'
import { useApp, useSession } from '../useSession'
import { loadFiles } from '../session'

/** The example of step 5, small enough to type in class (loaded as `snacks.csv`). */
export const EXAMPLE_CSV = `name,kind,colour,crunchy
Apple,fruit,red,yes
Banana,fruit,yellow,no
Carrot,vegetable,orange,yes
Crisps,snack,yellow,yes
Chocolate,snack,brown,no
Strawberry,fruit,red,no
`

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** A row of numbers, two decimals each: what "a vector" looks like. */
function Numbers({ values, label }: { values: number[]; label: string }) {
  return (
    <ol className="vector-row" aria-label={label}>
      {values.map((v, i) => (
        <li key={i}>{v.toFixed(2)}</li>
      ))}
    </ol>
  )
}

/** Step 1: the lesson tree's current vector, redrawn as training moves it. */
function VectorFigure() {
  const c = useSession()
  const epoch = useApp((s) => s.epoch)
  useApp((s) => s.version) // re-read the live vectors whenever new ones arrive
  let vector: number[]
  try {
    vector = snapshotOf(lessonHost(c), LESSON_ITEM, 0).vector
  } catch (e) {
    return <p className="muted">{e instanceof Error ? e.message : String(e)}</p>
  }
  return (
    <figure className="lesson-figure">
      <figcaption>
        {LESSON_ITEM}, epoch {epoch}: {vector.length} numbers
      </figcaption>
      <Numbers values={vector} label={`${LESSON_ITEM}'s numbers`} />
    </figure>
  )
}

/** Step 2: how many numbers one-hot needs against an embedding, worked out. */
function OneHotFigure() {
  const dim = useApp((s) => s.params.dim)
  const a = oneHotArithmetic(SPECIES, dim)
  return (
    <figure className="lesson-figure">
      <dl className="arithmetic">
        <dt>One-hot</dt>
        <dd>
          {fmt(SPECIES)} trees × {fmt(SPECIES)} numbers = <strong>{fmt(a.oneHot)}</strong> numbers
        </dd>
        <dt>Embedding</dt>
        <dd>
          {fmt(SPECIES)} trees × {dim} numbers = <strong>{fmt(a.embedding)}</strong> numbers
        </dd>
      </dl>
      <p>
        {fmt(a.oneHot)} ÷ {fmt(a.embedding)} ≈ {fmt(a.ratio)} times smaller
      </p>
    </figure>
  )
}

/** Step 3: live similarity of a near and a far tree to the lesson tree. */
function SimilarityFigure() {
  const c = useSession()
  const epoch = useApp((s) => s.epoch)
  useApp((s) => s.version)
  let result
  try {
    result = rankCandidates(predictHost(c), LESSON_ITEM, [NEAR_ITEM, FAR_ITEM])
  } catch (e) {
    return <p className="muted">{e instanceof Error ? e.message : String(e)}</p>
  }
  return (
    <figure className="lesson-figure">
      <figcaption>
        Similarity to {LESSON_ITEM} at epoch {epoch}
      </figcaption>
      <ul className="similarity-list">
        {result.rows.map((r) => (
          <li key={r.label}>
            <span className="name">{r.label}</span>
            <span className="value">{r.similarity.toFixed(2)}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0, r.similarity) * 100}%` }} />
            </span>
            <span className="muted">
              #{r.rank} of {result.others}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  )
}

/** Step 4: the vector and neighbours before and after retraining from new random numbers. */
function ComparisonFigure() {
  const comparison = useStore(lessonStore, (s) => s.comparison)
  const setup = useStore(lessonStore, (s) => s.setup)
  if (setup === 'running') return <p className="muted">Retraining from new random numbers…</p>
  if (!comparison || setup !== 'done') return null
  const { before, after, same } = comparison
  const first = Math.min(4, before.vector.length)
  return (
    <figure className="lesson-figure" data-testid="lesson-comparison">
      <figcaption>{LESSON_ITEM}’s first numbers</figcaption>
      <p className="small muted">Before</p>
      <Numbers values={before.vector.slice(0, first)} label="First numbers before" />
      <p className="small muted">After</p>
      <Numbers values={after.vector.slice(0, first)} label="First numbers after" />
      <p className="lesson-big">
        {same} of {before.neighbours.length} neighbours are the same
      </p>
      <table className="neighbour-compare">
        <thead>
          <tr>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {before.neighbours.map((b, i) => (
            <tr key={i}>
              <td>{b}</td>
              <td className={before.neighbours.includes(after.neighbours[i]) ? '' : 'new'}>
                {after.neighbours[i] ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}

/** Step 5: a tiny CSV to copy, and a button that loads it. */
function ExampleFigure() {
  const c = useSession()
  return (
    <figure className="lesson-figure">
      <figcaption>For example, snacks.csv:</figcaption>
      <pre className="example-csv">{EXAMPLE_CSV}</pre>
      <button
        onClick={() =>
          // A failure is shown in the app's error banner; what was loaded before stays.
          void loadFiles(c, [{ name: 'snacks.csv', text: EXAMPLE_CSV }]).catch(() => undefined)
        }
      >
        Load this example
      </button>
    </figure>
  )
}

const FIGURES: Record<LessonStep['id'], () => ReactNode> = {
  vector: VectorFigure,
  'one-hot': OneHotFigure,
  similar: SimilarityFigure,
  stable: ComparisonFigure,
  'your-own': ExampleFigure,
}

/** The "Lesson" tab: one step at a time, each setting up the view it talks about. */
export function LessonPanel() {
  const c = useSession()
  const step = useStore(lessonStore, (s) => s.step)
  const setup = useStore(lessonStore, (s) => s.setup)
  const error = useStore(lessonStore, (s) => s.error)
  const dim = useApp((s) => s.params.dim)
  const current = LESSON_STEPS[step]
  const Figure = FIGURES[current.id]
  const go = (i: number) => void goToStep(i, lessonHost(c))
  const last = LESSON_STEPS.length - 1
  return (
    <section className="training-panel classroom" aria-label="Lesson">
      {/* Only the step number and title are announced: the body is read aloud by the teacher,
          and the live numbers would otherwise be announced at every snapshot. */}
      <div data-testid="lesson-step" aria-live="polite">
        <p className="muted lesson-count">
          Step {step + 1} of {LESSON_STEPS.length}
        </p>
        <h2>{current.title}</h2>
        <div aria-live="off">
          {setup === 'running' && (
            <p className="lesson-status" role="status">
              Setting up…
            </p>
          )}
          {setup === 'error' && (
            <p className="lesson-error" role="alert">
              Could not set up this step: {error}
            </p>
          )}
          {current.body.map((p, i) => (
            <p key={i}>{fillText(p, dim)}</p>
          ))}
          <Figure />
        </div>
      </div>
      <div className="lesson-nav">
        <button onClick={() => go(step - 1)} disabled={step === 0}>
          Back
        </button>
        <button className="primary" onClick={() => go(step + 1)} disabled={step === last}>
          Next
        </button>
      </div>
      {current.setup && (
        <button className="lesson-setup" onClick={() => go(step)} disabled={setup === 'running'}>
          {setup === 'idle' ? 'Set up this step' : 'Set up this step again'}
        </button>
      )}
      <nav aria-label="Lesson steps">
        <ol className="lesson-steps">
          {LESSON_STEPS.map((s, i) => (
            <li key={s.id}>
              <button aria-current={i === step ? 'step' : undefined} onClick={() => go(i)}>
                {s.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
    </section>
  )
}
