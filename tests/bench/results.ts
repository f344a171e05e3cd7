import type { ProfileSummary } from './profile.ts'
import type { ClientMode, ServerKind, Workload } from './protocol.ts'

/** One measurement window: one server at one room count. Figures are null when not measured. */
export interface Run {
  server: ServerKind
  rooms: number
  /**
   * 'compare': the side-by-side run; 'capacity': a step of the capacity sweep; 'profile': under --cpu-prof;
   * 'long': a window of the long run (--long-run); 'scaled': the scaled-mode comparison (--scaled).
   */
  phase: 'compare' | 'capacity' | 'profile' | 'long' | 'scaled'
  window_s: number
  /** Edit propagation candidate → interviewer, ms. */
  p50_ms: number | null
  p95_ms: number | null
  p99_ms: number | null
  max_ms: number | null
  /** p99 of each round (comparison) and their median: one round hit by a burst of other load moves it little. */
  p99_rounds_ms: (number | null)[]
  p99_median_round_ms: number | null
  /** Per measurement window (comparison rounds): what the server went through while the tail formed. */
  rounds: { p99_ms: number | null; gc_major: number; gc_max_ms: number; loop_max_ms: number; starved_pct: number }[]
  keystrokes: number
  /** Keystrokes sent in the window that never reached the interviewer within the grace period. */
  lost: number
  /** Server process CPU, % of the one core it is pinned to. */
  cpu_pct: number
  /** Of which the main thread (the event loop); the rest ran on V8's GC helper threads and, for Nudge, the SQLite thread. */
  cpu_main_pct?: number
  /** Server RSS at the end of the window, MB. */
  rss_mb: number
  /** Server live heap after a forced full GC right after the window, MB. */
  heap_mb: number
  event_loop_p50_ms: number
  event_loop_p99_ms: number
  event_loop_max_ms: number
  /** Main-thread garbage-collection pauses in the window: ms per second, the longest, and how many were full (major) collections. */
  gc_ms_per_s: number
  gc_max_ms: number
  gc_major: number
  awareness_p50_ms: number | null
  awareness_p99_ms: number | null
  hint_p50_ms: number | null
  hint_p99_ms: number | null
  hints: number
  durable_p50_ms: number | null
  durable_p95_ms: number | null
  durable_p99_ms: number | null
  resync_p50_ms: number | null
  resync_p95_ms: number | null
  resyncs: number
  /** UpdateLog.stats: bytes written (update rows + snapshots) ÷ update bytes received, in the window. */
  write_amplification: number | null
  /** Block-layer bytes the server wrote (/proc/<pid>/io: SQLite WAL pages, checkpoints) ÷ update bytes. */
  device_write_amplification: number | null
  update_bytes: number | null
  /** Server CPU time per 1,000 keystrokes (all its work: relaying, storing, acks, awareness, Socket.IO), ms. */
  cpu_ms_per_1k_keystrokes: number | null
  /**
   * Share of the window the server's event loop was runnable but waiting for its core while
   * another process ran there (/proc/<pid>/schedstat): the machine's other load, not the server.
   */
  server_cpu_wait_pct: number
  loadgen_cpu_pct: number
  /** Server → client messages per second by type (raw clients only). */
  messages_per_s: { sync: number; awareness: number; durable: number; other: number } | null
  loadgen_loop_p99_ms: number
  errors: number
  error_samples: string[]
  /** Met the capacity criterion (p99 under the limit, no errors, nothing lost). */
  ok: boolean
  /** Capacity steps: windows measured (a window where the server was starved of its core is repeated). */
  attempts: number
  /** Capacity steps: on the server that ran the comparison, or on a fresh one. */
  sweep?: 'after-compare' | 'fresh'
}

/** One server's capacity steps (both sweeps), fewest rooms first. */
export function capacityRuns(runs: Run[], kind: ServerKind): Run[] {
  return runs.filter((x) => x.server === kind && x.phase === 'capacity').sort((a, b) => a.rooms - b.rooms)
}

export interface MemoryResult {
  rooms: number
  baseline_heap_mb: number
  baseline_rss_mb: number
  /** Live heap per loaded room with its participants connected and idle, KB. */
  idle_heap_kb_per_room: number
  idle_rss_kb_per_room: number
  /** Same while the workload runs (documents growing, queues in flight), KB. */
  active_heap_kb_per_room: number
  active_rss_kb_per_room: number
}

/** One window of the long run, with what the server had accumulated by its end. */
export interface LongRunWindow {
  /** Seconds since the workload started (after warm-up) when the window began. */
  at_s: number
  run: Run
  /** Live heap after a forced full GC right after the window, MB. */
  heap_after_gc_mb: number
  rss_mb: number
  /** Size of the server's data directory (SQLite database, WAL), MB. */
  data_dir_mb: number
  /** UpdateLog.stats since the server started: snapshots written, batches stored, update bytes received, bytes written. */
  snapshots: number | null
  batches: number | null
  update_mb: number | null
  written_mb: number | null
}

/** `pnpm bench --long-run <minutes>`: one server under the workload for a long time, in windows. */
export interface LongRunResult {
  generated_at: string
  minutes: number
  rooms: number
  window_s: number
  /** Length of the first and the last span compared, s (10 minutes, or half the run when shorter). */
  span_s: number
  windows: LongRunWindow[]
  /** Windows of the first span, pooled. */
  first: Run | null
  /** Windows of the last span, pooled. */
  last: Run | null
  /** After the run: the aged server and a fresh one with as many rooms, taking turns (same windows of time). */
  aged: Run | null
  fresh: Run | null
  /** False while the run is going (the file is rewritten after every window) or when it was cut short. */
  finished: boolean
  /**
   * What the rooms' documents alone hold at the first and the last window: the heap of documents
   * typed as the workload types them for as long (doc-model.ts, a sample of rooms in a process of
   * its own), so the heap's growth can be set against the documents' content. Absent in older runs.
   */
  doc_model?: DocModel | null
}

export interface DocModel {
  docs_sampled: number
  first_keys_per_room: number
  last_keys_per_room: number
  first_heap_kb_per_room: number
  last_heap_kb_per_room: number
  /** (last − first) × rooms, MB: how much the documents' content grew the heap between the two windows. */
  growth_mb: number
}

/** `pnpm bench --scaled`: single-node SQLite and a two-node PostgreSQL + Redis cluster, side by side. */
export interface ScaledResult {
  generated_at: string
  rooms: number
  rounds: number
  window_s: number
  /** The single node (SQLite), as in the comparison. */
  single: Run
  /** Both nodes together: CPU is the sum of the two processes, keystrokes those of all rooms. */
  cluster: Run
  /** Per node: CPU % of each node process over the measured windows. */
  node_cpu_pct: number[]
  /** Redis server CPU over the cluster's windows, % of a core (null when its pid was not readable). */
  redis_cpu_pct: number | null
  /** PostgreSQL processes' CPU over the cluster's windows, % of a core (null when not readable). */
  postgres_cpu_pct: number | null
  /** Cluster CPU per 1,000 keystrokes ÷ the single node's. */
  cpu_ratio: number | null
}

export interface Results {
  generated_at: string
  duration_s: number
  machine: { cpu: string; cores: number; node: string; loadavg_start: number[]; loadavg_end: number[]; pinned: boolean; server_core: number | null; load_core: number | null }
  params: { rooms: number; steps: number[]; rounds: number; warmup_s: number; window_s: number; step_window_s: number; workers: number; clients: ClientMode; workload: Workload; p99_limit_ms: number; hint_via: string | null; disturbed_pct?: number; nudge_node_flags?: string[]; extra_node_flags?: string[] }
  versions: Record<string, string>
  runs: Run[]
  memory: Partial<Record<ServerKind, MemoryResult>>
  cold_load: { rooms: number; cold_p50_ms: number | null; cold_p95_ms: number | null; warm_p50_ms: number | null; warm_p95_ms: number | null; errors: number } | null
  capacity: Partial<
    Record<
      ServerKind,
      {
        capacity_rooms: number
        tested: number[]
        stopped_at: number | null
        reason: string | null
        /** Rooms at which the server's own CPU time would fill 80 % of its core (linear from the last step). */
        cpu_projection_rooms: number | null
        /** The server that had run the comparison failed at its first step; the sweep was redone on a fresh one. */
        after_compare?: { rooms: number; reason: string | null }
      }
    >
  >
  capacity_rooms_per_core: number
  /** Comparison rounds measured again because a server's core was busy with other load (run-queue wait per server, %). */
  discarded_rounds?: { starved_pct: Partial<Record<ServerKind, number>> }[]
  profile: (ProfileSummary & { rooms: number; run: Run | null }) | null
  /** From benchmarks-long.json, when a long run was made (`--long-run`). */
  long_run?: LongRunResult | null
  /** From benchmarks-scaled.json, when the scaled comparison was made (`--scaled`). */
  scaled?: ScaledResult | null
  /** From benchmarks-ab.json: a later comparison run (e.g. with A/B variants), shown beside this one. */
  ab?: Results | null
  /** A/B runs (BENCH_NUDGE_VARIANTS) of the comparison, with the variant's label. */
  variants?: (Run & { variant: string; idle_rss_kb_per_room?: number; idle_heap_kb_per_room?: number })[]
}
