// The library feature's front door: code outside src/app/library imports from here.
export * from './BookmarksPanel'
export * from './LibraryDialog'
export * from './bookmarks'
export * from './library'
