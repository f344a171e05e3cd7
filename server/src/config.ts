import { z } from 'zod'
import { DEFAULT_COLLAB_LIMITS, type CollabLimits } from './collab/limits.ts'
import { DEFAULT_ROOM_QUOTA, type RoomQuota } from './store/types.ts'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * Environment schema. Defaults make `pnpm start` work on a fresh machine: SQLite in ./data,
 * port 3000, no Redis. A bad value stops start-up with a readable message.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Base URL that invite links point at; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /**
   * `pretty` is for development only (`pnpm dev`): it needs pino-pretty, a dev dependency that a
   * production image does not have. Never chosen from stdout being a terminal (`docker run -it`).
   */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** postgres://… switches storage to PostgreSQL (scaled mode). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** redis://… enables cross-node room events and document relay. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Secret that signs short-lived collab tickets; must be shared by all nodes when scaled out. */
  TICKET_SECRET: z.string().min(32).optional(),
  /** Directory of the built client; served at / when it exists. */
  CLIENT_DIST: z.string().optional(),
  /**
   * Extra browser origins allowed to open WebSockets and send state-changing requests
   * (comma-separated `https://host[:port]`), besides PUBLIC_URL's. Nothing else is trusted,
   * not even the request's own Host header (DNS rebinding).
   */
  ALLOWED_ORIGINS: z
    .string()
    .refine((v) => v.split(',').map((s) => s.trim()).filter(Boolean).every((o) => URL.canParse(o) && /^https?:$/.test(new URL(o).protocol)), 'Comma-separated http(s) origins, e.g. https://nudge.example.org')
    .optional(),
  /** Milliseconds a batch of document updates may wait before it is written. */
  PERSIST_BATCH_MS: z.coerce.number().int().min(1).max(1000).default(20),
  /** Name of this node in logs and metrics. */
  NODE_ID: z.string().min(1).optional(),
  /** Answer diagnostics requests (heap, event-loop delay, persistence counters) from a parent process over IPC (benchmarks). */
  DIAGNOSTICS_IPC: z.stringbool().default(false),
  /** Prefix of every Redis key and channel, so several deployments (or tests) can share a Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/).default('nudge:'),
  /** Bytes of unstored edits a node keeps in memory while storage is down; past it, edits are refused. */
  PERSIST_MAX_PENDING_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  // Limits on what one document or connection may make the server hold (docs/deploy.md).
  /** Encoded size of a room's document. */
  DOC_MAX_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_COLLAB_LIMITS.documentBytes),
  /** Pending Yjs state (updates missing their dependencies) per document: bytes and structs. */
  DOC_MAX_STRUCTS: z.coerce.number().int().min(100).default(DEFAULT_COLLAB_LIMITS.documentStructs),
  DOC_MAX_PENDING_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_COLLAB_LIMITS.pendingBytes),
  DOC_MAX_PENDING_STRUCTS: z.coerce.number().int().min(1).default(DEFAULT_COLLAB_LIMITS.pendingStructs),
  /** Cursors (awareness states) per connection and per room; bytes of one state. */
  AWARENESS_MAX_PER_CONNECTION: z.coerce.number().int().min(1).default(DEFAULT_COLLAB_LIMITS.awarenessStatesPerConnection),
  AWARENESS_MAX_PER_ROOM: z.coerce.number().int().min(1).default(DEFAULT_COLLAB_LIMITS.awarenessStatesPerRoom),
  AWARENESS_MAX_STATE_BYTES: z.coerce.number().int().min(64).default(DEFAULT_COLLAB_LIMITS.awarenessStateBytes),
  /** Awareness updates (cursors, pointers) applied per connection per second, and the burst allowed. */
  AWARENESS_UPDATES_PER_SECOND: z.coerce.number().min(1).default(DEFAULT_COLLAB_LIMITS.awarenessUpdatesPerSecond),
  AWARENESS_BURST: z.coerce.number().int().min(1).default(DEFAULT_COLLAB_LIMITS.awarenessBurst),
  /** Rooms one client address may create per window (POST /api/rooms); shared through Redis when scaled. */
  ROOM_CREATE_MAX: z.coerce.number().int().min(1).default(30),
  ROOM_CREATE_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Which proxies to trust for the client address (X-Forwarded-For): `true`, a hop count, or
   * comma-separated addresses/CIDRs. Unset: the TCP peer is the client (no proxy in front).
   */
  TRUST_PROXY: z.string().optional(),
  /** Bearer token required by /metrics; unset, /metrics is open (keep it off the public internet). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Bytes queued for one WebSocket before the connection is closed as a slow consumer. */
  SEND_QUEUE_MAX_BYTES: z.coerce.number().int().min(64 * 1024).default(DEFAULT_COLLAB_LIMITS.sendQueueBytes),
  /** What one room's event log (clock, hints, notes, chat, runs…) may hold: rows and payload bytes. */
  ROOM_MAX_EVENTS: z.coerce.number().int().min(100).default(DEFAULT_ROOM_QUOTA.events),
  ROOM_MAX_EVENT_BYTES: z.coerce.number().int().min(64 * 1024).default(DEFAULT_ROOM_QUOTA.eventBytes),
  /** Bytes of one room's document update log (the replay history); past it the room's edits are refused. */
  ROOM_MAX_LOG_BYTES: z.coerce.number().int().min(1024 * 1024).default(DEFAULT_COLLAB_LIMITS.roomLogBytes),
  ROOM_SEAT_LOG_SHARE: z.coerce.number().min(0.1).max(1).default(DEFAULT_COLLAB_LIMITS.seatLogShare),
  /** Rooms unused for this many days are deleted with everything stored for them; 0 keeps rooms forever. */
  ROOM_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(90),
  /** Socket.IO connections one invite link may hold on one node (tabs, windows). */
  SEAT_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(8),
  /** Participants (each browser on each invite link) a room records; new ones past it are refused. */
  ROOM_MAX_PARTICIPANTS: z.coerce.number().int().min(3).max(10_000).default(100),
  /** Milliseconds a Socket.IO transport may stay open without authenticating. */
  SOCKET_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Turns cohorts on: `Authorization: Bearer <ADMIN_TOKEN>` may create them (POST /api/cohorts). Unset: cohorts are off. */
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  /** STUN/TURN servers for the in-room call, comma-separated (`turn:host:3478?transport=udp,stun:host:3478`). */
  TURN_URLS: z.string().regex(/^((stun|turns?):[^,\s]+)(,\s*(stun|turns?):[^,\s]+)*$/, 'Comma-separated stun:, turn: or turns: URLs').optional(),
  /** coturn's `static-auth-secret`: Nudge signs short-lived TURN credentials with it (TURN REST scheme). */
  TURN_SECRET: z.string().min(16).optional(),
  /** Seconds a TURN credential stays valid. */
  TURN_TTL: z.coerce.number().int().min(60).max(86_400).default(3600),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  publicUrl: string
  /** Whether PUBLIC_URL was set; if not, publicUrl follows the port the server binds (port 0 in tests). */
  publicUrlConfigured: boolean
  logLevel: (typeof LOG_LEVELS)[number]
  logFormat: 'json' | 'pretty'
  databaseUrl?: string
  redisUrl?: string
  ticketSecret?: string
  clientDist?: string
  allowedOrigins: string[]
  persistBatchMs: number
  nodeId: string
  diagnosticsIpc: boolean
  redisPrefix: string
  persistMaxPendingBytes: number
  collabLimits: CollabLimits
  roomCreate: { max: number; windowMs: number }
  realtime: { seatConnections: number; roomParticipants: number; connectTimeoutMs: number }
  roomQuota: RoomQuota
  /** Days without activity after which a room is deleted; 0: never. */
  roomRetentionDays: number
  metricsToken?: string
  /** Fastify's trustProxy: all, none, addresses/CIDRs, or a hop count as a function. */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean)
  adminToken?: string
  turn: TurnConfig
}

export interface TurnConfig {
  urls: string[]
  secret?: string
  ttlSeconds: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Pure: reads the given env object, never process.env, so it is testable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings (e.g. `PUBLIC_URL=` in a compose file) mean "unset".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`)
  }
  const e = parsed.data
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    publicUrl,
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    ticketSecret: e.TICKET_SECRET,
    clientDist: e.CLIENT_DIST,
    allowedOrigins: (e.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    persistBatchMs: e.PERSIST_BATCH_MS,
    nodeId: e.NODE_ID ?? `node-${process.pid}`,
    diagnosticsIpc: e.DIAGNOSTICS_IPC,
    redisPrefix: e.REDIS_PREFIX,
    persistMaxPendingBytes: e.PERSIST_MAX_PENDING_BYTES,
    metricsToken: e.METRICS_TOKEN,
    roomCreate: { max: e.ROOM_CREATE_MAX, windowMs: e.ROOM_CREATE_WINDOW_MS },
    roomQuota: { events: e.ROOM_MAX_EVENTS, eventBytes: e.ROOM_MAX_EVENT_BYTES },
    roomRetentionDays: e.ROOM_RETENTION_DAYS,
    realtime: { seatConnections: e.SEAT_MAX_CONNECTIONS, roomParticipants: e.ROOM_MAX_PARTICIPANTS, connectTimeoutMs: e.SOCKET_CONNECT_TIMEOUT_MS },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    collabLimits: {
      documentBytes: e.DOC_MAX_BYTES,
      documentStructs: e.DOC_MAX_STRUCTS,
      pendingBytes: e.DOC_MAX_PENDING_BYTES,
      pendingStructs: e.DOC_MAX_PENDING_STRUCTS,
      awarenessStatesPerConnection: e.AWARENESS_MAX_PER_CONNECTION,
      awarenessStatesPerRoom: e.AWARENESS_MAX_PER_ROOM,
      awarenessStateBytes: e.AWARENESS_MAX_STATE_BYTES,
      awarenessUpdatesPerSecond: e.AWARENESS_UPDATES_PER_SECOND,
      awarenessBurst: e.AWARENESS_BURST,
      sendQueueBytes: e.SEND_QUEUE_MAX_BYTES,
      roomLogBytes: e.ROOM_MAX_LOG_BYTES,
      seatLogShare: e.ROOM_SEAT_LOG_SHARE,
    },
    adminToken: e.ADMIN_TOKEN,
    turn: {
      urls: (e.TURN_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      secret: e.TURN_SECRET,
      ttlSeconds: e.TURN_TTL,
    },
  }
}

function parseTrustProxy(v: string | undefined): Config['trustProxy'] {
  if (v === undefined || v === 'false') return false
  if (v === 'true') return true
  if (/^\d+$/.test(v)) {
    const hops = Number(v)
    return (_address, hop) => hop < hops
  }
  return v.split(',').map((x) => x.trim()).filter(Boolean)
}
