/** The datasets bundled in public/datasets, by id (sources and licences in its README.md). */
export interface Builtin {
  id: string
  file: string
  title: string
}

export const BUILTINS: Builtin[] = [
  { id: 'trees', file: 'trees.csv', title: 'Trees (attributes)' },
  { id: 'forests', file: 'forests.txt', title: 'Trees (forests they share)' },
  { id: 'words', file: 'words.txt', title: 'Words (simple sentences)' },
  { id: 'dishes', file: 'dishes.csv', title: 'People × dishes (ratings)' },
]
