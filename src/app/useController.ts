import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { Controller } from './controller'
import type { AppState } from './store'

export const ControllerContext = createContext<Controller | null>(null)

export function useController(): Controller {
  const c = useContext(ControllerContext)
  if (!c) throw new Error('useController outside ControllerContext')
  return c
}

/** Subscribes a component to one piece of the store. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useController().store, selector)
}
