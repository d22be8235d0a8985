// The plot feature's front door: code outside src/app/plot imports from here.
export * from './DisplayPanel'
export * from './Legend'
export * from './Plot'
export * from './PlotTools'
export * from './ViewControls'
export * from './plotScene'
export * from './useColoring'
