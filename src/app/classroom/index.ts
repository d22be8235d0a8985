// The classroom feature's front door: code outside src/app/classroom imports from here.
export * from './KeyOverlay'
export * from './shortcuts'
export * from './timelineRecorder'
export * from './tour'
