/** docs/replay-figures.md from one `pnpm bench:replay` run. */
export interface ReplayFigures {
  date: string
  cpus: number
  updates: number
  minutes: number
  /** Bytes of the Yjs updates as stored. */
  storedBytes: number
  metaBytes: number
  metaGzip: number
  pages: number
  pageBytes: number
  pageGzip: number
  open: { first: number; p50: number }
  seek: { p50: number; p95: number; n: number }
  /** Input → the code rendered and laid out (the page's own work, without waiting for a frame). */
  seekWork: { p50: number; p95: number }
  /** 1-minute load average at the end of the run. */
  load: number
  heapBytes: number
}

const ms = (n: number) => `${n.toFixed(0)} ms`
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`

export function replayFiguresReport(f: ReplayFigures): string {
  return `# Replay figures

Measured by \`pnpm bench:replay\` (tests/bench/replay.ts) on ${f.date}, on this ${f.cpus}-core machine shared with
other work (load average ${f.load.toFixed(1)} at the end of the run, so these are upper bounds): the real server (buildApp on SQLite) and headless Chromium on loopback.
A seeded typist wrote a ${f.minutes}-minute round of ${f.updates.toLocaleString('en')} stored updates (two authors, bursts and pauses,
a few pastes) straight into the update log with the round's times; the page then opened its replay.

| What | Figure |
|---|---|
| Stored updates (Yjs bytes) | ${f.updates.toLocaleString('en')} (${kb(f.storedBytes)}) |
| Replay payload: timeline (\`GET …/replay\`) | ${kb(f.metaBytes)} of JSON (${kb(f.metaGzip)} gzipped) |
| Replay payload: updates, ${f.pages} pages (\`GET …/replay/updates\`) | ${kb(f.pageBytes)} (${kb(f.pageGzip)} gzipped) |
| Time to open the player (navigation → code on screen, all updates applied) | first ${ms(f.open.first)}, p50 of 3 ${ms(f.open.p50)} |
| Seek to a random time: input → code rendered and laid out, ${f.seek.n} seeks | p50 ${ms(f.seekWork.p50)}, p95 ${ms(f.seekWork.p95)} (goal p95 ≤ 100 ms) |
| Seek to a random time: input → the next frame | p50 ${ms(f.seek.p50)}, p95 ${ms(f.seek.p95)} |
| Page JS heap after GC, replay open | ${mb(f.heapBytes)} |

How it works (docs/replay.md): the page applies the updates to a fresh \`Y.Doc\` as pages arrive and keeps a
keyframe (\`Y.encodeStateAsUpdate\`) every 100 updates, so a seek is one keyframe plus fewer than 100 updates (merged into one);
moving forward a little (playback) applies only the updates in between. The replay routes send their JSON
compressed (brotli, or gzip) to a browser that accepts it, so the wire carries about the gzipped figure.
`
}
