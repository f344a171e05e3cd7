import { z } from 'zod'
import { Role } from './protocol.ts'
import { ParticipantId } from './rooms.ts'

/**
 * Room chat and the in-room call on the wire (docs/call.md). Chat messages are stored in the
 * room's event log; call signalling (WebRTC offers, answers, ICE candidates) is relayed by the
 * server to one participant of the sender's own room and never stored.
 */
export const CHAT_CALL_LIMITS = {
  chatText: 2_000,
  /** Messages a late joiner receives with `chat:history`. */
  chatHistory: 200,
  /** Stored messages per room; past it `chat:send` answers TOO_LARGE. */
  chatMessagesPerRoom: 5_000,
  /** Chat messages per seat (invite): a bucket of `chatBurst` refilled at `chatPerSecond`. */
  chatPerSecond: 1,
  chatBurst: 10,
  /** One SDP (offer/answer). A two-track Chrome offer is ~5–8 KB. */
  sdpBytes: 16 * 1024,
  /** One ICE candidate line. */
  candidateBytes: 1024,
  /** Signalling messages per seat: ICE gathering bursts, then almost nothing. */
  signalPerSecond: 20,
  signalBurst: 120,
  /** Observers the interviewer lets speak at once (the room's observer seats bound it anyway). */
  speakers: 8,
  /** Longest meeting link accepted for "We're on a call elsewhere". */
  meetingLink: 2_000,
} as const

const Id = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/)

export const ChatPerson = z.object({ id: ParticipantId, name: z.string(), role: Role })
export type ChatPerson = z.infer<typeof ChatPerson>

export const ChatMessage = z.object({
  id: Id,
  at: z.number(),
  from: ChatPerson,
  /** Null: the whole room. Otherwise a private message between an interviewer and one observer. */
  to: ChatPerson.nullable(),
  text: z.string(),
})
export type ChatMessage = z.infer<typeof ChatMessage>

/** An http(s) URL only: `javascript:` and `data:` links are refused before they reach anyone. */
export const MeetingLink = z.url({ protocol: /^https?$/ }).max(CHAT_CALL_LIMITS.meetingLink)

export const CallMode = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('builtin') }),
  z.object({ mode: z.literal('external'), link: MeetingLink }),
])
export type CallMode = z.infer<typeof CallMode>

export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
})
export type IceServer = z.infer<typeof IceServer>

export const CallConfig = z.object({
  iceServers: z.array(IceServer),
  /** False when no TURN server is configured: calls work on the same network only. */
  relay: z.boolean(),
  /** When the TURN credentials stop working (ms since epoch); ask again before. */
  expiresAt: z.number().nullable(),
})
export type CallConfig = z.infer<typeof CallConfig>

/**
 * A participant in the call. `session` names one connection: after a reload the same participant
 * comes back with a new session, and peers replace their connection to it instead of reusing one
 * whose other end is gone.
 */
export const CallMember = ChatPerson.extend({ session: z.string().max(64) })
export type CallMember = z.infer<typeof CallMember>

/** What the call panel needs on load: the room's mode and who is in the call now. */
export const CallState = z.object({
  mode: CallMode,
  members: z.array(CallMember),
  /** Observers the interviewer lets speak; every other observer receives only. */
  speakers: z.array(ParticipantId).max(CHAT_CALL_LIMITS.speakers).default([]),
})
export type CallState = z.infer<typeof CallState>

const SdpDescription = z.object({
  type: z.enum(['offer', 'answer', 'rollback']),
  sdp: z.string().max(CHAT_CALL_LIMITS.sdpBytes),
})
const Candidate = z.object({
  candidate: z.string().max(CHAT_CALL_LIMITS.candidateBytes),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
})

/** One signalling message, addressed to one participant of the sender's room. */
export const CallSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('description'), description: SdpDescription }),
  z.object({ kind: z.literal('candidate'), candidate: Candidate.nullable() }),
])
export type CallSignal = z.infer<typeof CallSignal>

const empty = z.object({}).strict()

export const chatCallCommands = {
  'chat:send': {
    payload: z.object({ text: z.string().trim().min(1).max(CHAT_CALL_LIMITS.chatText), to: ParticipantId.optional() }),
    result: ChatMessage,
  },
  'chat:history': { payload: empty, result: z.object({ messages: z.array(ChatMessage) }) },
  'call:state': { payload: empty, result: CallState },
  'call:config': { payload: empty, result: CallConfig },
  /** Interviewer only: built-in call, or a meeting link shown to everyone. */
  'call:mode': { payload: CallMode, result: CallMode },
  'call:join': { payload: empty, result: CallState },
  /**
   * Interviewer only: let an observer be heard in the call, or take it back. Until then the
   * server refuses any description from that observer that would send media.
   */
  'call:speaker': {
    payload: z.object({ participantId: ParticipantId, allowed: z.boolean() }),
    result: z.object({ speakers: z.array(ParticipantId) }),
  },
  'call:leave': { payload: empty, result: z.object({}) },
  /**
   * `to` is a participant id of the sender's own room; the sender is taken from the server's
   * record. `session` names the recipient's connection the message is for, so a message meant
   * for a connection that has since been replaced (a reload) is dropped by the new one.
   */
  'call:signal': { payload: z.object({ to: ParticipantId, session: z.string().max(64), signal: CallSignal }), result: z.object({}) },
} as const

/** Public notifications (chat:sent also goes privately, to the two ends of a private message). */
export const chatCallEvents = {
  'chat:sent': ChatMessage,
  'call:mode-changed': CallMode,
  'call:joined': CallMember,
  'call:left': z.object({ id: ParticipantId, session: z.string() }),
  'call:speakers': z.object({ speakers: z.array(ParticipantId) }),
  'call:signalled': z.object({ from: CallMember, session: z.string(), signal: CallSignal }),
} as const
