import { useState } from 'react'
import { LessonPanel } from './LessonPanel'
import { PredictPanel } from './PredictPanel'
import { TimelinePanel } from './TimelinePanel'

const PARTS = [
  { id: 'lesson', label: 'Lesson' },
  { id: 'predict', label: 'Predict' },
  { id: 'timeline', label: 'Timeline' },
] as const

/** The side panel's Class tab: the lesson path, predict-then-reveal and the neighbour timeline. */
export function ClassroomPanel() {
  const [part, setPart] = useState<(typeof PARTS)[number]['id']>('lesson')
  return (
    <div className="classroom">
      <div className="segmented class-parts" role="group" aria-label="Classroom tools">
        {PARTS.map((p) => (
          <button key={p.id} aria-pressed={part === p.id} onClick={() => setPart(p.id)}>
            {p.label}
          </button>
        ))}
      </div>
      {part === 'lesson' && <LessonPanel />}
      {part === 'predict' && <PredictPanel />}
      {part === 'timeline' && <TimelinePanel />}
    </div>
  )
}
