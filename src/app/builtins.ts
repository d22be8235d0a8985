/** The datasets bundled in public/datasets, by id. */
export interface Builtin {
  id: string
  file: string
  title: string
}

export const BUILTINS: Builtin[] = [{ id: 'trees', file: 'trees.csv', title: 'Trees (attributes)' }]
