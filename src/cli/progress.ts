/** A one-line progress indicator on a terminal; silent when output is piped (CI logs stay clean). */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ((datasetId: string, rows: number) => void) | undefined {
  if (!stream.isTTY) return undefined
  let last = 0
  const started = new Map<string, number>()
  return (datasetId, rows) => {
    const now = Date.now()
    if (!started.has(datasetId)) started.set(datasetId, now)
    if (now - last < 200) return
    last = now
    const seconds = (now - (started.get(datasetId) ?? now)) / 1000
    const rate = seconds > 0 ? Math.round(rows / seconds).toLocaleString('en') : '…'
    stream.write(`\r\x1b[K${datasetId}: ${rows.toLocaleString('en')} rows read (${rate} rows/s)`)
  }
}

export function clearProgress(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write('\r\x1b[K')
}
