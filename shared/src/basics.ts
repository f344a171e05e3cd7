/**
 * Constants of the protocol that need no schema library: the landing page imports these from
 * '@nudge/shared/basics' so its first download carries no zod (docs/page-weight.md). Everything
 * here is re-exported by the package's main entry as well.
 */
export const LANGUAGES = ['javascript', 'typescript', 'python', 'java', 'cpp', 'go'] as const
export const LANGUAGE_LABELS: Record<(typeof LANGUAGES)[number], string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
  java: 'Java',
  cpp: 'C++',
  go: 'Go',
}

/** Limits shared by server and client so the client can refuse before sending. */
export const LIMITS = {
  /** Max bytes of one Yjs WebSocket frame. Larger frames are closed with 1009. */
  yjsFrameBytes: 1024 * 1024,
  /** Max encoded size of a room's document; edits beyond it are refused. */
  documentBytes: 2 * 1024 * 1024,
  /** Max bytes of one Socket.IO packet (engine.io maxHttpBufferSize). */
  socketPacketBytes: 64 * 1024,
  /** Max awareness states per room and bytes per awareness state. */
  awarenessStatesPerRoom: 64,
  awarenessStateBytes: 4 * 1024,
  displayName: 40,
  title: 120,
  /**
   * Room commands (Socket.IO) per connection: a bucket of `commandBurst` refilled at
   * `commandsPerSecond`. People click far slower; a runaway script gets RATE_LIMITED answers.
   */
  commandsPerSecond: 20,
  commandBurst: 60,
  /**
   * Room commands per seat (invite link) over all its connections on a node, so opening more
   * connections with one link does not multiply the budget (issue 15, finding 6).
   */
  seatCommandsPerSecond: 30,
  seatCommandBurst: 90,
} as const
