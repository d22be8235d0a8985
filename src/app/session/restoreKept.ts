import { isAbortError } from '../../workers/parseClient'
import { restore } from './dataset'
import type { KeptRead } from './keptFormat'
import type { Session } from './session'
import { notify } from './view'

/** A kept record as storage returns it: unchecked, of any release. */
export interface RawKept {
  source: unknown
  state: unknown
}

/**
 * Puts back a kept session of any release: validated and migrated (keptFormat.ts, loaded only
 * here), with defaults for each unreadable part and the vectors whenever they are intact. A
 * record that did not read back cleanly is first copied aside (`keepAside`), so it is never lost;
 * the user is told what could not be restored and what was. Resolves false when nothing could be
 * restored (the caller shows something else); an abort (the user loaded other data) is rethrown.
 */
export async function restoreKept(
  s: Session,
  raw: RawKept,
  keepAside: (raw: RawKept) => Promise<void>,
): Promise<boolean> {
  const { readKept } = await import('./keptFormat')
  const read = readKept(raw)
  const aside = () => keepAside(raw).catch(() => {}) // a failed copy must not stop the restore
  if (!read) {
    await aside()
    notify(
      s,
      'Your kept session could not be read, so it was not restored; it is still kept in this browser.',
    )
    return false
  }
  if (read.damaged) await aside()
  try {
    await restore(s, read)
  } catch (e) {
    if (isAbortError(e)) throw e
    await aside()
    const why = e instanceof Error ? e.message : String(e)
    notify(s, `Your kept session could not be restored (${why}); it is still kept in this browser.`)
    return false
  }
  if (read.lost.length) notify(s, lostMessage(s, read))
  return true
}

/** 'Not restored: the training parameters (learning rate). Restored: fruit.csv and its trained vectors (epoch 20).' */
function lostMessage(s: Session, read: KeptRead): string {
  const st = s.store.getState()
  const restored = [st.dataset?.name ?? 'the dataset']
  if (st.step > 0) restored.push(`its trained vectors (epoch ${st.epoch})`)
  const lost = [...new Set(read.lost)].join(', ')
  return (
    `Part of your kept session could not be restored: ${lost}; defaults are used instead. ` +
    `Restored: ${restored.join(' and ')}. The original record is still kept in this browser.`
  )
}
