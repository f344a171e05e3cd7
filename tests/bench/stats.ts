/** Exact percentiles over all samples (the sample counts here are at most a few hundred thousand). */
export interface Summary {
  n: number
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

export function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Nearest-rank percentile of sorted samples. */
function rank(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]!
}

export function summarize(samples: Float64Array): Summary {
  if (samples.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null }
  const s = Float64Array.from(samples).sort()
  return { n: s.length, p50: round(rank(s, 0.5)), p95: round(rank(s, 0.95)), p99: round(rank(s, 0.99)), max: round(s[s.length - 1]!) }
}

export const round = (v: number, digits = 2): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

/** Growable Float64Array: pushing samples must not allocate per sample on the hot path. */
export class Samples {
  private buf = new Float64Array(1024)
  length = 0
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2)
      next.set(this.buf)
      this.buf = next
    }
    this.buf[this.length++] = v
  }
  take(): Float64Array {
    const out = this.buf.slice(0, this.length)
    this.length = 0
    return out
  }
}
