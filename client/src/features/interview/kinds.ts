import type { QuestionKind } from '@nudge/shared'

export const KIND_LABELS: Record<QuestionKind, string> = {
  coding: 'Coding',
  behavioral: 'Behavioral',
  'system-design': 'System design',
}
