/** Runs one named step of a browser test: its name prefixes any failure, its time is printed. */
export async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  try {
    return await fn()
  } catch (err) {
    if (err instanceof Error) err.message = `[${name}] ${err.message}`
    throw err
  } finally {
    console.log(`e2e step "${name}": ${Math.round(performance.now() - t0)} ms`)
  }
}
