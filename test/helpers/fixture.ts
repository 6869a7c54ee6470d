import fs from 'node:fs'
import path from 'node:path'
import type { Test } from 'tap'
import { loadConfig, type AppConfig } from '../../src/config/env.ts'
import { runCli } from '../../src/cli/main.ts'
import type { Output } from '../../src/cli/output.ts'

/** A throw-away platform directory: catalog/, datasets/ and data/ under a tap test dir. */
export interface Fixture {
  root: string
  config: AppConfig
  env: NodeJS.ProcessEnv
  writeCatalog(id: string, yaml: string): void
  writeSource(name: string, content: string | Buffer): void
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>
}

export const THEMES_YAML = `- { name: 信用服务, name_en: Credit services }
- { name: 生态环境, name_en: Ecology and environment }
- { name: 交通运输, name_en: Transport }
`

export function makeFixture(t: Test): Fixture {
  const root = t.testdir({ catalog: { '_themes.yaml': THEMES_YAML }, datasets: {} })
  const env = {
    GONGKAI_CATALOG_DIR: path.join(root, 'catalog'),
    GONGKAI_DATASETS_DIR: path.join(root, 'datasets'),
    GONGKAI_DATA_DIR: path.join(root, 'data'),
    GONGKAI_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789',
    LOG_LEVEL: 'silent',
  }
  const config = loadConfig(env)
  return {
    root,
    config,
    env,
    writeCatalog: (id, yaml) => fs.writeFileSync(path.join(root, 'catalog', `${id}.yaml`), yaml),
    writeSource: (name, content) => fs.writeFileSync(path.join(root, 'datasets', name), content),
    cli: async (...args) => {
      const stdout: string[] = []
      const stderr: string[] = []
      const out: Output = { log: (l) => stdout.push(l), error: (l) => stderr.push(l) }
      const code = await runCli(args, out, env)
      return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') }
    },
  }
}

/** A small grade-1 dataset with every field type, used across tests. */
export function stationsCatalog(overrides: { onError?: 'fail' | 'skip'; encoding?: string; path?: string } = {}): string {
  return `id: stations
title: 空气质量监测站点日报
title_en: Air quality stations
description: 各监测站点的每日空气质量指数
provider: { name: 北京市生态环境局 }
theme: 生态环境
keywords: [空气质量, AQI]
grade: 1
open: unconditional
source: { path: ${overrides.path ?? 'stations.csv'}, encoding: ${overrides.encoding ?? 'auto'}, on_error: ${overrides.onError ?? 'fail'} }
primary_key: id
fields:
  - { name: id, type: integer, title: 编号 }
  - { name: station, type: string, title: 站点, index: true, searchable: true }
  - { name: aqi, type: integer, title: 空气质量指数, constraints: { minimum: 0, maximum: 500 } }
  - { name: pm25, type: number, title: PM2.5, unit: μg/m³ }
  - { name: open_now, type: boolean, title: 是否运行 }
  - { name: day, type: date, title: 日期, index: true }
  - { name: measured_at, type: datetime, title: 测量时间 }
  - { name: built, type: year, title: 建站年份 }
  - { name: note, type: string, title: 备注 }
`
}

export function stationsCsv(rows: number, badRow?: number): string {
  const lines = ['id,station,aqi,pm25,open_now,day,measured_at,built,note']
  for (let i = 1; i <= rows; i++) {
    const aqi = i === badRow ? 'abc' : String((i * 37) % 300)
    lines.push(`${i},站点${i % 7},${aqi},${(i * 1.5).toFixed(1)},${i % 2 ? 'true' : 'false'},2024-01-${String((i % 28) + 1).padStart(2, '0')},2024-01-01T08:00:00,${1990 + (i % 30)},备注${i}`)
  }
  return `${lines.join('\n')}\n`
}
