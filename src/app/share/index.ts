// The share feature's front door: code outside src/app/share imports from here.
export * from './sharing'
export * from './urlEncode'
