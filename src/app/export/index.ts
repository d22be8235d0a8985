// The export feature's front door: code outside src/app/export imports from here.
export * from './ExportMenu'
export * from './exports'
