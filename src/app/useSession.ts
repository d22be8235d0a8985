import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { AppState, Session } from './session'

/** The session the app shows; provided once at the root (main.tsx). */
export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionContext')
  return s
}

/** Subscribes a component to one piece of the session's state. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useSession().store, selector)
}
