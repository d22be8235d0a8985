// The data feature's front door: code outside src/app/data imports from here.
export * from './DataPreview'
export * from './DropZone'
export * from './LoadProgressBar'
export * from './OpenFiles'
export * from './QuestionDialog'
export * from './itemText'
