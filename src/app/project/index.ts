// The project feature's front door: code outside src/app/project imports from here.
export * from './ProjectionPanel'
