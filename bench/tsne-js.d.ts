// tsne-js ships no types; only what the benchmark uses.
declare module 'tsne-js' {
  export default class TSNE {
    constructor(opts: Record<string, number | string>)
    init(opts: { data: number[][]; type: 'dense' | 'sparse' }): void
    run(): [number, number]
    getOutput(): number[][]
  }
}
