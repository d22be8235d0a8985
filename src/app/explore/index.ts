// The explore feature's front door: code outside src/app/explore imports from here.
export * from './HoverCard'
export * from './ItemList'
export * from './NeighbourPanel'
export * from './SpriteToggle'
export * from './Thumb'
export * from './metricLabels'
export * from './useSelectionNeighbours'
