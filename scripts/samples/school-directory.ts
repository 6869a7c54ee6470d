/** school-directory — 中小学校名录 (教育科技, grade 1), with the schools' credit codes. */
import { streetAddress } from '../synth/address.ts'
import { tradeName } from '../synth/company.ts'
import { creditCode } from '../synth/credit-code.ts'
import { landlineNumber } from '../synth/phone.ts'
import type { Rng } from '../synth/random.ts'
import { CITIES } from '../synth/regions.ts'
import { chineseNumber, govProvider, type SampleDataset, unique, utf8Csv } from './common.ts'

export const LEVELS = ['小学', '初级中学', '九年一贯制学校', '完全中学', '高级中学', '十二年一贯制学校'] as const
type Level = (typeof LEVELS)[number]

const SH = CITIES.shanghai

function schoolName(rng: Rng, district: string, road: string, level: Level, privateSchool: boolean): string {
  // 衡山路 → 衡山; longer names keep their suffix (南京东路小学)
  const stem = road.replace(/(路|大道|街)$/, '')
  const place = stem.length === 2 ? stem : road
  const brand = privateSchool ? `民办${tradeName(rng)}` : ''
  switch (level) {
    case '小学':
      return rng.pick([
        `上海市${district}${brand || place}小学`,
        `上海市${district}${brand || place}第${chineseNumber(rng.int(2, 4))}小学`,
        `上海市${district}第${chineseNumber(rng.int(1, 12))}中心小学`,
        `上海市${district}${brand || place}实验小学`,
      ])
    case '初级中学':
      return rng.pick([`上海市${district}${brand || place}初级中学`, `上海市${district}${brand || place}中学`, `上海市${district}${brand || place}实验中学`])
    case '九年一贯制学校':
      return rng.pick([`上海市${district}${brand || place}学校`, `上海市${brand || place}实验学校`, `上海市${district}${brand || place}外国语学校`])
    case '完全中学':
      return rng.pick([`上海市第${chineseNumber(rng.int(1, 99))}中学`, `上海市${brand || place}中学`])
    case '高级中学':
      return rng.pick([`上海市${district}${brand || place}高级中学`, `上海市${brand || place}高级中学`])
    default:
      return `上海${brand || place}双语学校`
  }
}

export function buildSchoolDirectory(rng: Rng): SampleDataset {
  const names = new Set<string>()
  const codes = new Set<string>()
  const rows: (string | number | boolean)[][] = []
  const N = 650
  for (let i = 0; i < N; i++) {
    const level = rng.weighted<Level>([['小学', 45], ['初级中学', 22], ['九年一贯制学校', 12], ['完全中学', 8], ['高级中学', 11], ['十二年一贯制学校', 2]])
    const privateSchool = level === '十二年一贯制学校' || rng.chance(0.14)
    let district = rng.pick(SH.districts)
    const name = unique(names, () => {
      district = rng.pick(SH.districts)
      const place = rng.chance(0.7) ? rng.pick(district.streets) : rng.pick(district.subdistricts).replace(/(街道|新镇|镇)$/, '')
      return schoolName(rng, district.name, place, level, privateSchool)
    })
    const code = unique(codes, () => `31${district.code.slice(4)}${rng.digits(6)}`)
    const perGrade = level === '小学' ? 6 : level === '初级中学' ? 4 : level === '高级中学' || level === '完全中学' ? 3 : 9
    const classes = perGrade * rng.int(2, 8)
    const students = classes * rng.int(28, 42)
    rows.push([
      code, name,
      creditCode(rng, { kind: privateSchool ? 'private-non-enterprise' : 'institution', areaCode: district.code }),
      level, privateSchool ? '民办' : '公办', district.name, streetAddress(rng, district),
      landlineNumber(rng, SH.phoneAreaCode),
      privateSchool ? rng.int(1993, 2020) : rng.chance(0.15) ? rng.int(1870, 1949) : rng.int(1950, 2022),
      students, Math.round(students / rng.float(11, 16)),
      privateSchool ? rng.chance(0.4) : level === '高级中学' && rng.chance(0.3),
    ])
  }
  rows.sort((a, b) => (a[0] as string) < (b[0] as string) ? -1 : 1)
  const header = ['school_code', 'name', 'credit_code', 'level', 'ownership', 'district', 'address', 'phone', 'founded', 'students', 'teachers', 'boarding']
  return {
    rows: rows.length,
    file: { name: 'school-directory.csv', bytes: utf8Csv(header, rows) },
    entry: {
      id: 'school-directory',
      title: '中小学校名录',
      title_en: 'Primary and secondary schools',
      description: '全市中小学校（含民办学校）的基本信息，包括学校标识码、统一社会信用代码、办学层次、办学性质、所在区、地址、联系电话、建校年份、在校生数和专任教师数。数据来源于年度教育事业统计。',
      provider: govProvider('上海市教育委员会', '310000'),
      theme: '教育科技',
      keywords: ['学校', '教育', '中小学', '名录'],
      grade: 1,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'yearly',
      temporal: { start: '2024-09-01', end: '2024-09-01' },
      spatial: '上海市',
      source: { path: 'school-directory.csv', encoding: 'utf-8', delimiter: ',', on_error: 'fail' },
      primary_key: 'school_code',
      fields: [
        { name: 'school_code', type: 'string', title: '学校标识码', constraints: { required: true, unique: true, pattern: '^[0-9]{10}$' } },
        { name: 'name', type: 'string', title: '学校名称', searchable: true, constraints: { required: true, unique: true, minLength: 4, maxLength: 50 } },
        { name: 'credit_code', type: 'string', title: '统一社会信用代码', constraints: { required: true, unique: true, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } },
        { name: 'level', type: 'string', title: '办学层次', index: true, constraints: { required: true, enum: [...LEVELS] } },
        { name: 'ownership', type: 'string', title: '办学性质', index: true, constraints: { enum: ['公办', '民办'] } },
        { name: 'district', type: 'string', title: '所在区', index: true },
        { name: 'address', type: 'string', title: '地址' },
        { name: 'phone', type: 'string', title: '联系电话' },
        { name: 'founded', type: 'year', title: '建校年份', constraints: { minimum: 1850, maximum: 2024 } },
        { name: 'students', type: 'integer', title: '在校生数', unit: '人', constraints: { minimum: 0 } },
        { name: 'teachers', type: 'integer', title: '专任教师数', unit: '人', constraints: { minimum: 0 } },
        { name: 'boarding', type: 'boolean', title: '是否寄宿制' },
      ],
    },
  }
}
