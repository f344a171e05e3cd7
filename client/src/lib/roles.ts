import type { Role } from '@nudge/shared'

export const ROLE_INFO: Record<Role, { label: string; invite: string; note: string }> = {
  interviewer: {
    label: 'Interviewer',
    invite: 'For the person running the interview. Can edit the code and change the language.',
    note: 'You are running this interview.',
  },
  candidate: {
    label: 'Candidate',
    invite: 'For the person being interviewed. Can edit the code and change the language.',
    note: 'You are the candidate.',
  },
  observer: {
    label: 'Observer',
    invite: 'For someone shadowing the interview. Sees everything live, cannot edit.',
    note: 'You are observing. The editor is read-only.',
  },
}

/** Order in which invites are listed. */
export const INVITE_ORDER: readonly Role[] = ['candidate', 'interviewer', 'observer']
