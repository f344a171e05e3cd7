/**
 * The competencies behavioral questions probe, with a 1–4 rubric anchor per level. Bundled
 * questions name competencies by these ids (question-format.ts checks them); a custom question's
 * free-text competency gets the generic anchors. The candidate's story bank starts from the same
 * list (editable there), so stories, questions and the debrief's heatmap speak one vocabulary.
 */

export interface Competency {
  id: string
  label: string
  /** What a 1, 2, 3 and 4 look like for this competency. */
  anchors: readonly [string, string, string, string]
}

export const COMPETENCIES = [
  { id: 'ownership', label: 'Ownership', anchors: [
    'Describes what happened to them; others acted.',
    'Did their assigned part; stopped at the edge of their role.',
    'Took responsibility for the outcome, including work beyond their role.',
    'Owned the outcome end to end and fixed the system so it stays fixed.',
  ] },
  { id: 'conflict', label: 'Conflict & disagreement', anchors: [
    'Avoided the conflict or won it at the relationship’s expense.',
    'Raised the disagreement but the resolution was luck or escalation.',
    'Disagreed with data, listened, and reached a decision both sides accepted.',
    'Turned the disagreement into a better outcome and a stronger working relationship.',
  ] },
  { id: 'failure', label: 'Learning from failure', anchors: [
    'Blames others or circumstances; no lesson.',
    'Admits the mistake; the lesson is generic ("communicate more").',
    'Owns the mistake and names a specific change they made.',
    'Specific change, evidence it worked, and the lesson spread to the team.',
  ] },
  { id: 'leadership', label: 'Leadership', anchors: [
    'Followed instructions; no one was led.',
    'Coordinated people when asked to.',
    'Set direction for others and got them moving without formal authority.',
    'Grew the people they led and left a team that works better without them.',
  ] },
  { id: 'ambiguity', label: 'Dealing with ambiguity', anchors: [
    'Waited for clarity or was stuck without it.',
    'Made progress once someone else defined the problem.',
    'Framed the problem, made explicit assumptions and moved forward.',
    'Reduced the ambiguity for others with a plan they could act on, and revisited it as facts arrived.',
  ] },
  { id: 'impact', label: 'Delivering impact', anchors: [
    'No outcome, or the outcome is not theirs.',
    'Shipped something; impact is vague ("it went well").',
    'Clear result with a number or a before/after.',
    'Measurable, significant result tied to a business or user goal, with trade-offs named.',
  ] },
  { id: 'collaboration', label: 'Collaboration', anchors: [
    'Worked alone or around others.',
    'Cooperated when the work required it.',
    'Sought other people’s input and made them more effective.',
    'Built a way of working across teams that outlasted the project.',
  ] },
  { id: 'communication', label: 'Communication', anchors: [
    'Hard to follow; the listener has to dig for the point.',
    'Understandable but rambling or missing context.',
    'Clear, structured and adapted to the audience.',
    'Concise and compelling; changed what others understood or decided.',
  ] },
  { id: 'customer', label: 'Customer focus', anchors: [
    'The user does not appear in the story.',
    'Mentions users but decisions were driven by other things.',
    'Decisions grounded in what users needed, with evidence.',
    'Went out of their way to learn from users and changed the plan because of it.',
  ] },
  { id: 'integrity', label: 'Integrity & values', anchors: [
    'Chose the convenient path; the value was not at stake for them.',
    'Named the value but paid no real cost.',
    'Upheld a value when it cost them something, and explains why.',
    'Upheld it at real cost and made it easier for others to do the same.',
  ] },
  { id: 'growth', label: 'Growth & learning', anchors: [
    'No new skill or knowledge.',
    'Learned what the task required.',
    'Learned something hard quickly, with a deliberate approach.',
    'Learned fast, applied it to deliver, and taught it on.',
  ] },
  { id: 'prioritization', label: 'Prioritization', anchors: [
    'Did everything or whatever came first.',
    'Prioritized with someone else’s criteria.',
    'Chose with explicit criteria (impact, cost, urgency) and said no to something.',
    'Made a hard trade-off, communicated it well and revisited it when things changed.',
  ] },
  { id: 'influence', label: 'Influence', anchors: [
    'Tried to convince by insisting.',
    'Persuaded people who already agreed.',
    'Changed a skeptic’s mind with evidence and their goals in mind.',
    'Moved a group or decision they had no authority over, and it stuck.',
  ] },
  { id: 'mentoring', label: 'Developing others', anchors: [
    'Did the work for the other person.',
    'Answered questions when asked.',
    'Coached deliberately, with feedback and stretch work.',
    'The person grew measurably and now develops others.',
  ] },
] as const satisfies readonly Competency[]

export type CompetencyId = (typeof COMPETENCIES)[number]['id']
export const COMPETENCY_IDS = COMPETENCIES.map((c) => c.id) as [CompetencyId, ...CompetencyId[]]

/** Anchors for a competency that is not in the catalogue (a custom question's). */
export const GENERIC_ANCHORS = [
  'Not shown, or shown by someone else in the story.',
  'Shown in part; vague or generic.',
  'Clearly shown with a specific example.',
  'Shown strongly, with a measurable result and reflection.',
] as const

/** The catalogue entry for an id, or a generic one named by the text itself. */
export function competency(idOrLabel: string): Competency {
  const known = COMPETENCIES.find((c) => c.id === idOrLabel || c.label.toLowerCase() === idOrLabel.toLowerCase())
  return known ?? { id: idOrLabel, label: idOrLabel, anchors: GENERIC_ANCHORS }
}
