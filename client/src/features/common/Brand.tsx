import { BRAND_MARK } from '../../lib/brand.ts'

export function Brand() {
  return (
    <a className="brand" href="/" aria-label="Nudge home">
      <svg className="brand-mark" viewBox={BRAND_MARK.viewBox} aria-hidden="true" focusable="false">
        <rect {...BRAND_MARK.square} />
        <path {...BRAND_MARK.letter} />
      </svg>
      <span className="brand-name">Nudge</span>
    </a>
  )
}
