export function Brand() {
  return (
    <a className="brand" href="/" aria-label="Nudge home">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="#8ea2ff" />
        <path d="M9 22V10h3.2l7 8.1V10H22v12h-3.1l-7.1-8.1V22z" fill="#0b1020" />
      </svg>
      <span className="brand-name">Nudge</span>
    </a>
  )
}
