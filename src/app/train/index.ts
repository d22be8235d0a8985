// The train feature's front door: code outside src/app/train imports from here.
export * from './HistoryScrubber'
export * from './LossChart'
export * from './TrainingPanel'
