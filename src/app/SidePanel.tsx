import { lazy, Suspense, useState } from 'react'
import { BookmarksPanel } from './library'
import { CompareActions } from './compare'
import { DisplayPanel } from './plot'
import { ItemList } from './explore'
import { ProjectionPanel } from './project'
import { TrainingPanel } from './train'

/** The Class tab's lesson, prediction and timeline load when the tab is first opened. */
const ClassroomPanel = lazy(() =>
  import('./classroom/ClassroomPanel').then((m) => ({ default: m.ClassroomPanel })),
)

const TABS = [
  { id: 'items', label: 'Items' },
  { id: 'model', label: 'Model' },
  { id: 'view', label: 'View' },
  { id: 'class', label: 'Class' },
] as const

/** The left column: the item list or the model settings. Training goes on whichever is shown. */
export function SidePanel() {
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('items')
  return (
    <div className="side-panel">
      <div className="tabs" role="tablist" aria-label="Side panel">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-body">
        {tab === 'items' && <ItemList />}
        {tab === 'model' && (
          <>
            <TrainingPanel />
            <CompareActions />
          </>
        )}
        {tab === 'class' && (
          <Suspense fallback={<p className="small muted">Loading…</p>}>
            <ClassroomPanel />
          </Suspense>
        )}
        {tab === 'view' && (
          <>
            <ProjectionPanel />
            <DisplayPanel />
            <BookmarksPanel />
          </>
        )}
      </div>
    </div>
  )
}
