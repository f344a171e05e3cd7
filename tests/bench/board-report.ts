/** docs/whiteboard-figures.md from one `pnpm bench:board` run. */
export interface BoardFigures {
  date: string
  cpus: number
  moves: number
  keyToRecv: { p50: number; p95: number }
  sendToRecv: { p50: number; p95: number; n: number }
  bytesPerMove: { p50: number; mean: number }
  /** JavaScript on the wire of a TypeScript room joined with the editor shown, board never opened. */
  roomJs: number
  roomLoadedBoard: boolean
  /** What opening the Board tab adds. */
  boardJs: number
  boardLoaded: boolean
}

/**
 * The room's JavaScript before this issue, from docs/page-weight.md as measured on main on
 * 2026-12-07 (commit efb201c) by `pnpm weight`, the same way (bytes on the wire, headers included).
 */
const BEFORE_ROOM_JS_KB = 1032

const ms = (n: number) => `${n.toFixed(0)} ms`
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`

export function boardFiguresReport(f: BoardFigures): string {
  return `# Whiteboard figures

Measured by \`pnpm bench:board\` (tests/bench/board.ts) on ${f.date}, on this ${f.cpus}-core machine: the real server
(spawned as \`pnpm start\` runs it) and headless Chromium, on loopback. Machines shared with other work make the
latencies noisy; rerun the command for your own figures.

## Sync latency between two browsers

Page A draws a rectangle and moves it one pixel at a time with the arrow key (${f.moves} moves, one every ~60 ms);
page B shows the same board. Times are on one clock (Playwright reports both pages' WebSocket frames to the
same Node process).

| | p50 | p95 |
| --- | ---: | ---: |
| Key press on A → the move's update received on B | ${ms(f.keyToRecv.p50)} | ${ms(f.keyToRecv.p95)} |
| A's update sent → received on B (server and loopback) | ${ms(f.sendToRecv.p50)} | ${ms(f.sendToRecv.p95)} |

The first includes Excalidraw's own handling of the key and the binding's batching: local changes are sent at
most every 40 ms (\`FLUSH_MS\` in client/src/features/board/binding.ts), because Excalidraw reports a change on
every animation frame while dragging.

## Bytes per element move

A sends ${f.bytesPerMove.p50} bytes per move (p50; mean ${f.bytesPerMove.mean.toFixed(0)}), Yjs update frames only
(awareness, i.e. pointers and selections, excluded). Each move replaces the element's JSON in the board's
\`elements\` map, so the size is about one element's JSON (a rectangle ≈ 0.5 KB; a long freehand stroke more,
capped by \`MAX_ELEMENT_JSON_CHARS\`).

## JavaScript of a room that never opens the board

| | JavaScript on the wire |
| --- | ---: |
| TypeScript room, editor shown, before this issue (docs/page-weight.md on main, efb201c) | ${BEFORE_ROOM_JS_KB} KB |
| TypeScript room, editor shown, board never opened (now) | ${kb(f.roomJs)} (whiteboard module fetched: ${f.roomLoadedBoard ? 'yes' : 'no'}) |
| Opening the Board tab adds | ${kb(f.boardJs)} (whiteboard module fetched: ${f.boardLoaded ? 'yes' : 'no'}) |

Excalidraw and the binding are one lazily imported module (\`React.lazy\` in
client/src/features/board/BoardPane.tsx); the landing page and a room that stays on the code never request it
(the browser test tests/e2e/whiteboard.test.ts asserts it from the pages' requests). Its fonts are served
from \`/assets/excalidraw-<version>/fonts/\` and fetched only when the board draws text.
`
}
