import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { LongRunResult, Results, Run, ScaledResult } from '../bench/results.ts'

const testsDir = fileURLToPath(new URL('..', import.meta.url))

/** Runs the benchmark harness (`pnpm bench`) with tiny parameters; resolves with its exit code and output. */
function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: testsDir, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGTERM')
    })
    child.once('exit', (code) => resolve({ code, output }))
  })
}

const percentiles = (r: Run) => [r.p50_ms, r.p95_ms, r.p99_ms, r.max_ms]

describe('benchmark harness (smoke)', () => {
  it('runs all three servers side by side and writes figures of the right shape', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nudge-bench-smoke-'))
    onTestFinished(() => rmSync(out, { recursive: true, force: true }))
    const { code, output } = await runBench(['--smoke', '--out-dir', out, '--json-only', '--profile-rooms', '4', '--ref-steps', 'y-websocket'])
    expect(code, output).toBe(0)
    const r = JSON.parse(readFileSync(join(out, 'benchmarks.json'), 'utf8')) as Results

    const compare = r.runs.filter((x) => x.phase === 'compare')
    expect(compare.map((x) => x.server).sort()).toEqual(['hocuspocus', 'nudge', 'y-websocket'])
    for (const run of [...compare, ...r.runs.filter((x) => x.phase === 'capacity')]) {
      const [p50, p95, p99, max] = percentiles(run) as number[]
      // Every keystroke typed in the window reached the interviewer, without protocol errors.
      expect(run.keystrokes, run.server).toBeGreaterThan(0)
      expect(run.lost, run.server).toBe(0)
      expect(run.errors, `${run.server}: ${run.error_samples.join('; ')}`).toBe(0)
      expect(p50).toBeGreaterThan(0)
      expect(p50).toBeLessThanOrEqual(p95!)
      expect(p95).toBeLessThanOrEqual(p99!)
      expect(p99).toBeLessThanOrEqual(max!)
      expect(run.cpu_pct).toBeGreaterThanOrEqual(0)
      // The event loop's share is part of the process's CPU (one tick of sampling skew allowed).
      expect(run.cpu_main_pct).toBeGreaterThanOrEqual(0)
      expect(run.cpu_main_pct).toBeLessThanOrEqual(run.cpu_pct + 2)
      expect(run.rss_mb).toBeGreaterThan(10)
      expect(run.heap_mb).toBeGreaterThan(1)
      expect(run.awareness_p50_ms).toBeGreaterThan(0)
      expect(run.resyncs).toBeGreaterThan(0)
    }

    // Nudge-only figures: hints over Socket.IO, durable acks, write amplification, cold loads.
    const nudge = compare.find((x) => x.server === 'nudge')!
    expect(nudge.hints).toBeGreaterThan(0)
    expect(nudge.durable_p50_ms).toBeGreaterThan(0)
    expect(nudge.write_amplification).toBeGreaterThan(0)
    expect(r.params.hint_via).toMatch(/^(hint:send|presence:rename)$/)
    for (const ref of compare.filter((x) => x.server !== 'nudge')) expect(ref.durable_p50_ms).toBeNull()
    expect(r.cold_load?.rooms).toBeGreaterThan(0)
    expect(r.cold_load?.errors).toBe(0)

    for (const kind of ['nudge', 'y-websocket', 'hocuspocus'] as const) {
      expect(r.memory[kind]?.rooms).toBe(r.params.rooms)
      expect(Number.isFinite(r.memory[kind]?.idle_heap_kb_per_room)).toBe(true)
    }
    expect(Number.isInteger(r.capacity_rooms_per_core)).toBe(true)
    expect(r.capacity.nudge?.tested[0]).toBe(r.params.rooms)
    // The bare relay's capacity is stepped too (--ref-steps), from the same room count.
    expect(r.capacity['y-websocket']?.tested[0]).toBe(r.params.rooms)
    expect(r.runs.some((x) => x.server === 'y-websocket' && x.phase === 'capacity')).toBe(true)
    expect(r.capacity.hocuspocus?.tested).toEqual([])
    expect(r.profile?.by_area.length).toBeGreaterThan(0)
    expect(r.profile?.sampled_s).toBeGreaterThan(0)
  }, 360_000)

  it('long-run and scaled modes write their figures (#23)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nudge-bench-modes-'))
    onTestFinished(() => rmSync(out, { recursive: true, force: true }))
    const long = await runBench(['--smoke', '--out-dir', out, '--long-run', '0.2', '--long-window', '4', '--rooms', '3', '--window', '4', '--rounds', '1', '--warmup', '1', '--step-warmup', '1'])
    expect(long.code, long.output).toBe(0)
    const lr = JSON.parse(readFileSync(join(out, 'benchmarks-long.json'), 'utf8')) as LongRunResult
    expect(lr.finished).toBe(true)
    expect(lr.windows.length).toBeGreaterThanOrEqual(2)
    for (const w of lr.windows) {
      expect(w.run.keystrokes).toBeGreaterThan(0)
      expect(w.run.cpu_ms_per_1k_keystrokes).toBeGreaterThan(0)
      expect(w.heap_after_gc_mb).toBeGreaterThan(1)
      expect(w.data_dir_mb).toBeGreaterThan(0)
    }
    expect(lr.first?.keystrokes).toBeGreaterThan(0)
    expect(lr.last?.keystrokes).toBeGreaterThan(0)
    // What the documents alone hold was measured, for the heap to be set against it.
    expect(lr.doc_model?.last_keys_per_room).toBeGreaterThan(lr.doc_model?.first_keys_per_room ?? Infinity)
    expect(lr.doc_model?.last_heap_kb_per_room).toBeGreaterThan(0)
    // The aged server and a fresh one took turns in the same rounds.
    expect(lr.aged?.keystrokes).toBeGreaterThan(0)
    expect(lr.fresh?.keystrokes).toBeGreaterThan(0)

    const scaled = await runBench(['--smoke', '--out-dir', out, '--scaled', '--rooms', '3', '--window', '4', '--rounds', '1', '--warmup', '1'])
    expect(scaled.code, scaled.output).toBe(0)
    const sc = JSON.parse(readFileSync(join(out, 'benchmarks-scaled.json'), 'utf8')) as ScaledResult
    for (const run of [sc.single, sc.cluster]) {
      expect(run.keystrokes).toBeGreaterThan(0)
      expect(run.lost, run.error_samples.join('; ')).toBe(0)
      expect(run.cpu_ms_per_1k_keystrokes).toBeGreaterThan(0)
    }
    // Candidate and interviewer were on different nodes, and both nodes worked.
    expect(sc.node_cpu_pct).toHaveLength(2)
    for (const pct of sc.node_cpu_pct) expect(pct).toBeGreaterThan(0)
    expect(sc.cpu_ratio).toBeGreaterThan(0)
  }, 600_000)
})
