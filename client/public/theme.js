// Applies the colour theme before the first paint: the saved choice (src/lib/theme.ts writes it, KEYS.theme)
// or the system's. A file, not an inline script: the page's CSP runs scripts of this origin only.
;(function () {
  var choice = null
  try {
    choice = localStorage.getItem('nudge:theme')
  } catch (e) {}
  var light = choice === 'light' || (choice !== 'dark' && window.matchMedia('(prefers-color-scheme: light)').matches)
  document.documentElement.setAttribute('data-theme', light ? 'light' : 'dark')
})()
