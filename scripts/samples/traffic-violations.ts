/** traffic-violations — 道路交通安全违法行为处理信息 (公共安全, grade 2); plates masked. */
import { datetimeBetween } from '../synth/dates.ts'
import { licensePlate } from '../synth/plate.ts'
import type { Rng } from '../synth/random.ts'
import { CITIES } from '../synth/regions.ts'
import { govProvider, type SampleDataset, utf8Csv } from './common.ts'

/** [code, description, points, fine (元), relative frequency] */
const VIOLATIONS: readonly (readonly [string, string, number, number, number])[] = [
  ['1039', '机动车违反规定停放、临时停车，驾驶人不在现场，妨碍其他车辆、行人通行', 0, 300, 30],
  ['1345', '机动车违反禁止标线指示', 3, 200, 14],
  ['1344', '机动车违反禁令标志指示', 3, 200, 10],
  ['1352', '驾驶中型以上载客载货汽车、危险物品运输车辆以外的其他机动车行驶超过规定时速10%未达20%', 0, 200, 12],
  ['1636', '驾驶中型以上载客载货汽车、危险物品运输车辆以外的其他机动车行驶超过规定时速20%以上未达50%', 6, 200, 4],
  ['1625', '驾驶机动车违反道路交通信号灯通行', 6, 200, 8],
  ['1357', '驾驶机动车行经人行横道，不按规定减速、停车、避让行人', 3, 200, 7],
  ['1223', '驾驶机动车有拨打、接听手持电话等妨碍安全驾驶的行为', 3, 200, 5],
  ['6011', '驾驶人未按规定使用安全带', 1, 50, 5],
  ['1208', '机动车不按规定车道行驶', 1, 100, 5],
]

export const PLATE_TYPES = ['小型汽车', '小型新能源汽车', '大型汽车'] as const

export function buildTrafficViolations(rng: Rng): SampleDataset {
  const SZ = CITIES.shenzhen
  const raw = Array.from({ length: 2200 }, () => {
    const x = rng.next()
    const newEnergy = rng.chance(0.3)
    const plate = x < 0.8
      ? licensePlate(rng, { city: 'shenzhen', newEnergy })
      : x < 0.88
        ? licensePlate(rng, { city: 'guangzhou', newEnergy })
        : licensePlate(rng, { province: rng.pick(['湘', '赣', '桂', '川', '鄂', '豫', '闽']), letter: rng.pick(['A', 'B', 'C', 'D', 'E', 'K']), newEnergy })
    const plateType = newEnergy ? '小型新能源汽车' : rng.chance(0.08) ? '大型汽车' : '小型汽车'
    const [code, description, points, fine] = rng.weighted(VIOLATIONS.map((v) => [v, v[4]] as const))
    const district = rng.pick(SZ.districts)
    const [a, b] = rng.sample(district.streets, 2) as [string, string]
    const location = rng.chance(0.6) ? `${district.name}${a}与${b}交叉口` : `${district.name}${a}${rng.int(1, 300)}号附近`
    const time = datetimeBetween(rng, '2024-01-01', '2024-12-31')
    return [time, plate, plateType, district.name, location, code, description, points, fine, time < '2024-11-01' ? rng.chance(0.9) : rng.chance(0.4)] as const
  }).sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0))
  const rows = raw.map(([time, plate, plateType, district, location, code, description, points, fine, handled], i) =>
    [i + 1, plate, plateType, time, district, location, code, description, points, fine, handled])
  const header = ['record_id', 'plate', 'plate_type', 'violation_time', 'district', 'location', 'violation_code', 'description', 'points', 'fine', 'handled']
  return {
    rows: rows.length,
    file: { name: 'traffic-violations.csv', bytes: utf8Csv(header, rows) },
    entry: {
      id: 'traffic-violations',
      title: '道路交通安全违法行为处理信息',
      title_en: 'Road traffic violations',
      description: '全市交通技术监控设备记录和民警现场查处的道路交通安全违法行为，包括违法时间、地点、违法代码、违法行为、记分、罚款金额和处理状态。号牌号码已部分遮盖。',
      provider: govProvider('深圳市公安局交通警察局', '440300'),
      theme: '公共安全',
      keywords: ['交通违法', '交通安全', '电子警察', '机动车'],
      grade: 2,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'daily',
      temporal: { start: '2024-01-01', end: '2024-12-31' },
      spatial: '深圳市',
      source: { path: 'traffic-violations.csv', encoding: 'utf-8', delimiter: ',', on_error: 'fail' },
      primary_key: 'record_id',
      fields: [
        { name: 'record_id', type: 'integer', title: '记录编号', constraints: { required: true, unique: true } },
        { name: 'plate', type: 'string', title: '号牌号码', constraints: { required: true }, pii: 'plate', rule: 'mask' },
        { name: 'plate_type', type: 'string', title: '号牌种类', constraints: { enum: [...PLATE_TYPES] } },
        { name: 'violation_time', type: 'datetime', title: '违法时间', index: true, constraints: { required: true } },
        { name: 'district', type: 'string', title: '所在区', index: true },
        { name: 'location', type: 'string', title: '违法地点', searchable: true },
        { name: 'violation_code', type: 'string', title: '违法代码', index: true, constraints: { pattern: '^[0-9]{4,5}$' } },
        { name: 'description', type: 'string', title: '违法行为', searchable: true },
        { name: 'points', type: 'integer', title: '记分', unit: '分', constraints: { minimum: 0, maximum: 12 } },
        { name: 'fine', type: 'number', title: '罚款金额', unit: '元', constraints: { minimum: 0 } },
        { name: 'handled', type: 'boolean', title: '是否已处理' },
      ],
    },
  }
}
