/** Whether a process still runs (EPERM: it does, under another user); for telling abandoned work from work in progress. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
