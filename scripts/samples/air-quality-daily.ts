/** air-quality-daily — 空气质量日报 (生态环境, grade 1). No personal data. */
import { addDays, epochDay } from '../synth/dates.ts'
import type { Rng } from '../synth/random.ts'
import { institutionProvider, round1, type SampleDataset, utf8Csv } from './common.ts'

const STATIONS: readonly (readonly [string, string, number])[] = [
  // station, district, bias (multiplier on the city-wide level)
  ['东四', '东城区', 1.05], ['天坛', '东城区', 1.0], ['官园', '西城区', 1.03], ['万寿西宫', '西城区', 1.04],
  ['奥体中心', '朝阳区', 1.0], ['农展馆', '朝阳区', 1.06], ['海淀万柳', '海淀区', 0.97], ['古城', '石景山区', 0.95],
]

export const LEVELS = ['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染'] as const

// HJ 633-2012 breakpoints (24-hour averages, μg/m³) → IAQI
const IAQI = [0, 50, 100, 150, 200, 300, 400, 500]
const BP_PM25 = [0, 35, 75, 115, 150, 250, 350, 500]
const BP_PM10 = [0, 50, 150, 250, 350, 420, 500, 600]

/** Individual air quality index of a concentration (rounded up, capped at 500). */
export function iaqi(c: number, bp: readonly number[]): number {
  if (c >= (bp[7] as number)) return 500
  for (let i = 1; i < bp.length; i++) {
    const hi = bp[i] as number
    if (c <= hi) {
      const lo = bp[i - 1] as number
      const ilo = IAQI[i - 1] as number
      const ihi = IAQI[i] as number
      return Math.ceil(((ihi - ilo) / (hi - lo)) * (c - lo) + ilo)
    }
  }
  return 500
}

export function aqiLevel(aqi: number): (typeof LEVELS)[number] {
  if (aqi <= 50) return '优'
  if (aqi <= 100) return '良'
  if (aqi <= 150) return '轻度污染'
  if (aqi <= 200) return '中度污染'
  if (aqi <= 300) return '重度污染'
  return '严重污染'
}

/** Seasonal median PM2.5 of the city by month (1–12). */
const MONTH_MEDIAN = [58, 52, 45, 38, 33, 30, 28, 27, 30, 38, 50, 60]

export function buildAirQuality(rng: Rng): SampleDataset {
  const start = '2024-01-01'
  const days = epochDay('2024-12-31') - epochDay(start) + 1
  const rows: (string | number | null)[][] = []
  let z = 0
  let id = 0
  for (let i = 0; i < days; i++) {
    const date = addDays(start, i)
    const month = Number(date.slice(5, 7))
    z = 0.7 * z + rng.normal(0, 0.45)
    const city = (MONTH_MEDIAN[month - 1] as number) * Math.exp(z)
    const dust = (month === 3 || month === 4) && rng.chance(0.06) ? rng.float(2.5, 4.5) : 1 // spring sand storms
    for (const [station, district, bias] of STATIONS) {
      const pm25 = Math.min(499.9, round1(city * bias * Math.exp(rng.normal(0, 0.12))))
      const ratio = rng.float(1.35, 2.1) * dust
      const pm10 = rng.chance(0.004) ? null : Math.min(599, Math.round(pm25 * ratio))
      const i25 = iaqi(pm25, BP_PM25)
      const i10 = pm10 === null ? 0 : iaqi(pm10, BP_PM10)
      const aqi = Math.max(i25, i10)
      const primary = aqi <= 50 ? '' : i25 > i10 ? 'PM2.5' : i10 > i25 ? 'PM10' : 'PM2.5,PM10'
      rows.push([++id, station, district, date, aqi, pm25, pm10, aqiLevel(aqi), primary])
    }
  }
  const header = ['record_id', 'station', 'district', 'date', 'aqi', 'pm25', 'pm10', 'level', 'primary_pollutant']
  return {
    rows: rows.length,
    file: { name: 'air-quality-daily.csv', bytes: utf8Csv(header, rows) },
    entry: {
      id: 'air-quality-daily',
      title: '空气质量日报',
      title_en: 'Daily air quality',
      description: '本市国控空气质量监测站点逐日发布的空气质量指数（AQI）、细颗粒物（PM2.5）和可吸入颗粒物（PM10）日均浓度、空气质量级别及首要污染物。空气质量指数按《环境空气质量指数（AQI）技术规定（试行）》（HJ 633-2012）计算。',
      provider: institutionProvider('北京市生态环境监测中心', '110000'),
      theme: '生态环境',
      keywords: ['空气质量', 'AQI', 'PM2.5', '环境监测'],
      grade: 1,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'daily',
      temporal: { start: '2024-01-01', end: '2024-12-31' },
      spatial: '北京市',
      source: { path: 'air-quality-daily.csv', encoding: 'utf-8', delimiter: ',', on_error: 'fail' },
      primary_key: 'record_id',
      fields: [
        { name: 'record_id', type: 'integer', title: '记录编号', constraints: { required: true, unique: true } },
        { name: 'station', type: 'string', title: '监测站点', index: true, constraints: { required: true, enum: STATIONS.map((s) => s[0]) } },
        { name: 'district', type: 'string', title: '所属区', constraints: { required: true } },
        { name: 'date', type: 'date', title: '监测日期', index: true, constraints: { required: true } },
        { name: 'aqi', type: 'integer', title: '空气质量指数', constraints: { required: true, minimum: 0, maximum: 500 } },
        { name: 'pm25', type: 'number', title: '细颗粒物（PM2.5）日均浓度', unit: 'μg/m³', constraints: { required: true, minimum: 0 } },
        { name: 'pm10', type: 'number', title: '可吸入颗粒物（PM10）日均浓度', unit: 'μg/m³', constraints: { minimum: 0 } },
        { name: 'level', type: 'string', title: '空气质量级别', index: true, constraints: { required: true, enum: [...LEVELS] } },
        { name: 'primary_pollutant', type: 'string', title: '首要污染物', constraints: { enum: ['PM2.5', 'PM10', 'PM2.5,PM10'] } },
      ],
    },
  }
}
