/** Neighbours highlighted and listed for the selection. */
export const NEIGHBOUR_COUNT = 10
