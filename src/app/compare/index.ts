// The compare feature's front door: code outside src/app/compare imports from here.
export * from './CompareActions'
export * from './ComparePanel'
export * from './KeepRunButton'
export * from './compare'
export * from './compareMapping'
