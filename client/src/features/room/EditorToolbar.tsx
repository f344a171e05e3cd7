import { useId } from 'react'
import { LANGUAGES, LANGUAGE_LABELS, type Language } from '@nudge/shared'

export interface EditorToolbarProps {
  language: Language | null
  canEdit: boolean
  readOnly: boolean
  /** False in rounds without code (behavioral): the editor is a plain scratchpad there. */
  showLanguage?: boolean
  onLanguage: (language: Language) => void
}

export function EditorToolbar({ language, canEdit, readOnly, showLanguage = true, onLanguage }: EditorToolbarProps) {
  const id = useId()
  return (
    <div className="editor-toolbar">
      {showLanguage && <div className="toolbar-field">
        <label htmlFor={`${id}-lang`}>Language</label>
        <select
          id={`${id}-lang`}
          value={language ?? ''}
          disabled={!canEdit || language === null}
          aria-describedby={readOnly ? `${id}-ro` : undefined}
          onChange={(e) => onLanguage(e.target.value as Language)}
        >
          {language === null && <option value="">Loading…</option>}
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_LABELS[l]}
            </option>
          ))}
        </select>
      </div>}
      {readOnly ? (
        <p className="readonly-note" id={`${id}-ro`}>
          <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8s-2.4 4.5-6.5 4.5S1.5 8 1.5 8z" fill="none" stroke="currentColor" strokeWidth="1.4" />
            <circle cx="8" cy="8" r="2" fill="currentColor" />
          </svg>
          Observing — read-only
        </p>
      ) : (
        <p className="toolbar-hint">
          <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes only your own edits · <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor
        </p>
      )}
    </div>
  )
}
