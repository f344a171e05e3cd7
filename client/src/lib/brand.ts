/** Nudge's mark (an N on a rounded square), drawn by the React Brand and the landing page alike. */
export const BRAND_MARK = {
  viewBox: '0 0 32 32',
  square: { width: '32', height: '32', rx: '8', fill: '#8ea2ff' },
  letter: { d: 'M9 22V10h3.2l7 8.1V10H22v12h-3.1l-7.1-8.1V22z', fill: '#0b1020' },
} as const
