/**
 * Key A's flood for `npm run bench -- overload`, in a process of its own so that the parent can lower
 * its CPU priority: on a real deployment the flooding client runs on someone else's machine, and here
 * the load generator would otherwise take the cores the server under test needs. Sends its
 * measurement to the parent.
 * Usage (forked by bench/overload.ts): overload-flood.ts <base url> <token> <connections> <seconds> <rows path>
 */
import { load } from './overload-load.ts'

const [base, token, connections, seconds, rowsPath] = process.argv.slice(2)
if (!base || !token || !connections || !seconds || !rowsPath) throw new Error('usage: overload-flood.ts <base> <token> <connections> <seconds> <rows path>')
let n = 0
// a term no remark contains: every row is visited, and no two requests share a cached page
const expensive = () => `${rowsPath}?remark__contains=${encodeURIComponent(`无此备注${n++}`)}&_limit=100`
process.send?.(await load(base, token, Number(connections), Number(seconds), expensive))
