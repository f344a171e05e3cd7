import { readFileSync } from 'node:fs'
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8'))
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const self = new Map<number, number>()
p.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + p.timeDeltas[i]))
const target = process.argv[3] ?? 'executeQuery'
const agg = new Map<string, number>()
let tot = 0
for (const [id, us] of self) {
  const n = byId.get(id)
  if (n.callFrame.functionName !== target) continue
  tot += us
  let cur = parent.get(id)
  const chain: string[] = []
  while (cur !== undefined && chain.length < 40) {
    const f = byId.get(cur).callFrame
    if (f.url.includes('/server/src/')) chain.push(`${f.functionName}@${f.url.split('/server/src/')[1]}:${f.lineNumber + 1}`)
    cur = parent.get(cur)
  }
  const key = chain.slice(0, 3).join(' < ') || '(async, no server frame)'
  agg.set(key, (agg.get(key) ?? 0) + us)
}
console.log(target, 'total ms', (tot / 1000).toFixed(0))
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log((v / 1000).toFixed(0).padStart(7), k)
