/** What each objective metric key means, in words for the Model tab. */
export function metricLabel(key: string): string {
  const [kind, name] = key.includes(':') ? key.split(/:(.*)/s) : [key, '']
  switch (kind) {
    case 'accuracy':
      return `${name}: share predicted right (training items)`
    case 'r2':
      return `${name}: R² (training items)`
    case 'heldOutAuc':
      return 'Held-out pairs ranked above a random one (AUC)'
    case 'heldOutCosineAuc':
      return 'Same, by cosine of the vectors (AUC)'
    case 'heldOutRmse':
      return 'Held-out rating error (RMSE)'
    case 'baselineRmse':
      return 'Error of always guessing the mean (RMSE)'
    default:
      return key
  }
}
