import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { useApp } from '../useSession'

/** Mean loss per epoch, redrawn when the history grows (at most once per animation frame). */
export function LossChart() {
  const history = useApp((s) => s.lossHistory)
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const styles = getComputedStyle(el)
    const text = styles.getPropertyValue('--text').trim() || '#eef1f6'
    const grid = styles.getPropertyValue('--line').trim() || '#2e3440'
    const axis = {
      stroke: text,
      grid: { stroke: grid },
      ticks: { stroke: grid },
      font: '14px system-ui, sans-serif',
    }
    const u = new uPlot(
      {
        width: el.clientWidth || 300,
        height: 150,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          { ...axis, label: 'epoch', labelFont: '14px system-ui, sans-serif' },
          { ...axis, size: 50 },
        ],
        series: [{}, { label: 'loss', stroke: '#56b4e9', width: 2 }],
      },
      [[], []],
      el,
    )
    plot.current = u
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: 150 }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      u.destroy()
      plot.current = null
    }
  }, [])

  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      plot.current?.setData([history.map((_, i) => i + 1), history.slice()])
    })
    return () => cancelAnimationFrame(frame)
  }, [history])

  return (
    <figure className="loss-chart">
      <figcaption>Loss per epoch</figcaption>
      <div ref={box} role="img" aria-label="Chart of the training loss per epoch" />
    </figure>
  )
}
