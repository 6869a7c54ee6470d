/**
 * A platform with the web portal: the graded datasets of access-platform.ts (g1, g2, g2c, g3, g4),
 * a grade-1 `stations` dataset big enough to page through (every field type, indexed fields), and a
 * `hostile` grade-1 dataset whose every steward-written string and cell is an attack on the page.
 */
import type { Test } from 'tap'
import { makePlatform, UNLIMITED, type Platform, type PlatformOptions } from './access-platform.ts'
import { stationsCatalog, stationsCsv, type Fixture } from './fixture.ts'

/** Strings that would run script if a page put them into markup unescaped. */
export const ATTACKS = [
  '<script>window.__pwned=1</script>',
  '"\'><img src=x onerror="window.__pwned=2">',
  '<svg onload=window.__pwned=3>',
  "' onmouseover='window.__pwned=4",
] as const

export const STATION_ROWS = 120

const yamlQuoted = (s: string): string => JSON.stringify(s)

export function hostileCatalog(): string {
  const [script, img, svg, handler] = ATTACKS
  return `id: hostile
title: ${yamlQuoted(`恶意标题 ${script}`)}
title_en: ${yamlQuoted(`Hostile ${img}`)}
description: ${yamlQuoted(`描述 ${img} ${svg}`)}
provider: { name: ${yamlQuoted(`提供单位 ${handler}`)} }
theme: 信用服务
keywords: [${yamlQuoted(script)}, ${yamlQuoted(svg)}]
grade: 1
open: unconditional
source: { path: hostile.csv }
primary_key: id
fields:
  - { name: id, type: integer, title: ${yamlQuoted(`编号 ${svg}`)} }
  - { name: label, type: string, title: ${yamlQuoted(`标签 ${script}`)}, index: true, searchable: true }
  - { name: party_name, type: string, title: ${yamlQuoted(`姓名 ${handler}`)}, pii: name, rule: mask }
  - { name: amount, type: number, title: 金额, unit: 元 }
`
}

export function hostileCsv(): string {
  const cell = (s: string) => `"${s.replaceAll('"', '""')}"`
  const lines = ['id,label,party_name,amount']
  ATTACKS.forEach((attack, i) => lines.push(`${i + 1},${cell(attack)},张三丰,${(i + 1) * 100}`))
  return `${lines.join('\n')}\n`
}

export function writePortalDatasets(fx: Fixture): void {
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(STATION_ROWS))
  fx.writeCatalog('hostile', hostileCatalog())
  fx.writeSource('hostile.csv', hostileCsv())
}

/** The real app with the portal, over real stores with the datasets above ingested by the CLI. */
export function makePortal(t: Test, options: PlatformOptions = {}): Promise<Platform> {
  return makePlatform(t, { tiers: UNLIMITED, ...options, portal: true, setup: (fx) => { writePortalDatasets(fx); options.setup?.(fx) } })
}
