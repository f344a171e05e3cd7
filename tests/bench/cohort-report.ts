export interface CohortFigures {
  students: number
  rounds: number
  rooms: number
  roomsPerRound: number
  connected: number
  online: number
  samples: number
  /** Rooms whose candidate typed during the dashboard samples, one keystroke per `typeMs` each. */
  typing: number
  typeMs: number
  /** Keystrokes per second measured over the dashboard samples (all rooms together). */
  typingRate: number
  typingErrors: number
  clockAllMs: number
  clocksStarted: number
  importMs: number
  createMs: number
  dashboardP50: number
  dashboardP95: number
  dashboardBytes: number
  exportMs: number
  exportBytes: number
  node: string
  date: string
}

const f = (n: number) => n.toFixed(1)

/** docs/cohorts.md: how cohorts work, and the figures of the last `pnpm bench:cohort`. */
export function renderCohortReport(r: CohortFigures): string {
  return `# Cohorts

An organizer runs a morning of mock interviews for a class from one page (\`/c/<id>\`, opened with the
organizer link). How it works and what it costs. Code: \`server/src/cohorts/\`, \`server/src/routes/cohorts.ts\`,
\`shared/src/cohorts.ts\`, \`client/src/features/cohorts/\`.

## Turning cohorts on

Set \`ADMIN_TOKEN\` (16+ characters) on the server. Then:

    curl -X POST $PUBLIC_URL/api/cohorts -H "Authorization: Bearer $ADMIN_TOKEN" \\
         -H 'content-type: application/json' -d '{"name":"Spring bootcamp"}'

returns \`{"id", "organizer"}\`; the organizer link carries its secret after \`#key=\` (stored hashed on the
server). Without \`ADMIN_TOKEN\`, \`POST /api/cohorts\` answers 404 saying how to turn cohorts on.

## What the organizer does

1. **Roster**: paste or upload a CSV (\`name\` column required; \`email\` and up to 10 other columns kept) or
   POST JSON. The whole file is validated first: any bad row (missing name, bad email, a name already on
   the roster, a non-UTF-8 file, more than 500 rows) rejects the import with each row's problem, and nothing
   is stored. Each student gets one **personal link** (\`/s/<id>#key=…\`) for the whole day.
2. **Rotation**: choose the rounds (1–8) and kind. Pairs come from the circle method (round-robin): everyone
   present is seated each round, roles alternate (property-tested: interviewer and candidate turns differ
   by at most one), no pair meets twice until every pairing is used (then the repeats are reported), an odd
   number makes one trio with an observer seat, absentees are left out. Every round's rooms are created up
   front with their question (one the candidate has not had in any session of this cohort) and the question's clock plan. The room
   invites are derived from a per-cohort key (HMAC), so a personal link can lead into the right room and
   role without any invite secret being stored.
3. **Dashboard**: every room of the current round, refreshed every 2 s with one request: who is connected,
   phase and time left, stuck signals, someone missing 5 minutes in, running over; filters; "Observe" opens
   the room with the organizer's own observer invite. **Broadcast** a message or "5 minutes left" to every
   room (a \`cohort:broadcast\` Socket.IO event, at most 6 a minute per cohort). **Start / pause all clocks**
   of the round together (\`POST /api/cohorts/<id>/clock\`; rooms with no question, an ended round or a
   clock already so are reported per room, never forced; counts against the same 6 a minute). **Swap** two
   students from the current round on, or mark someone **absent** (from a room tile or the roster): a trio's
   observer takes the seat, otherwise the partner joins another pair. **Start the next round**:
   personal links now lead to the new rooms.
4. **Export**: \`GET /api/cohorts/<id>/export.csv\` (or \`.json\`), one row per student per round with the
   scorecard (on the candidate's row) and the self-assessment; cells a spreadsheet would run as formulas
   are prefixed with \`'\`.

## Bounds

Cohorts per server 1,000; students per cohort 500; rows per import 500 (200 KiB); rounds per session 8;
sessions per cohort 50; broadcast 280 characters, 6 per minute per cohort (per node). Limits live in
\`COHORT_LIMITS\` (shared/src/cohorts.ts).

## Figures

Measured by \`pnpm bench:cohort --students ${r.students} --rounds ${r.rounds}\` on one node (SQLite, in-process server),
${r.date}, Node ${r.node}, on the shared 2-core development machine (other work running: treat as upper bounds).

| what | value |
| --- | --- |
| students / rooms per round / rooms created | ${r.students} / ${r.roomsPerRound} / ${r.rooms} |
| roster import (CSV, ${r.students} rows) | ${f(r.importMs)} ms |
| time to create the session's ${r.rooms} rooms (${r.rounds} rounds, all created up front) | ${f(r.createMs)} ms (${f(r.createMs / r.rounds)} ms a round) |
| "Start all clocks" (${r.clocksStarted} rooms) | ${f(r.clockAllMs)} ms |
| dashboard response, p50 / p95 of ${r.samples} (${r.connected} students connected, ${r.online} shown online, ${r.typing} rooms typing: ${f(r.typingRate)} keystrokes/s in all) | ${f(r.dashboardP50)} / ${f(r.dashboardP95)} ms |
| dashboard response size | ${(r.dashboardBytes / 1024).toFixed(1)} KiB |
| export.csv | ${f(r.exportMs)} ms, ${(r.exportBytes / 1024).toFixed(1)} KiB |

Typing: each room's candidate holds a Yjs WebSocket and inserts one character every ${r.typeMs} ms (spread
evenly), a modest load (a real candidate types in bursts); ${r.typingErrors} typing connection errors. The
dashboard is sampled every 200 ms (one request at a time) while the rooms type and their clocks run. One run on a
loaded machine, not repeated: a single sample of each figure, with the p95 taken over ${r.samples} requests.
`
}
