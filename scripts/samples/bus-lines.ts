/** bus-lines — 公交线路 (交通运输, grade 1). UTF-8, LF, no newline at the end of the file. */
import type { Rng } from '../synth/random.ts'
import { govProvider, round1, type SampleDataset, utf8Csv } from './common.ts'

const STOPS = [
  '火车北站', '天府广场', '春熙路', '宽窄巷子', '武侯祠', '杜甫草堂', '九眼桥', '东门大桥', '红星路口', '骡马市',
  '人民公园', '成都东客站', '金沙遗址', '大熊猫基地', '双流机场', '犀浦', '龙泉驿', '新都', '温江', '郫都',
  '动物园', '昭觉寺', '驷马桥', '府青路', '建设路', '二仙桥', '十陵', '青龙场', '茶店子', '营门口',
  '西门车站', '石人南路', '浆洗街', '倪家桥', '桐梓林', '火车南站', '世纪城', '天府三街', '金融城', '中和',
  '华阳', '机投桥', '簇桥', '红牌楼', '高升桥', '草市街', '北门大桥', '万年场', '沙河堡', '牛市口',
  '五块石', '李家沱', '猛追湾', '望江楼', '川大北门', '磨子桥', '衣冠庙', '龙爪堰', '苏坡桥', '金沙车站',
  '新南门', '五桂桥', '成都东站西广场', '保和', '龙潭寺', '天回镇', '大丰', '三河场', '华西坝', '省体育馆',
]

const OPERATORS = ['成都公交集团第一分公司', '成都公交集团第二分公司', '成都公交集团第三分公司', '成都公交集团第四分公司', '成都公交集团第五分公司', '成都公交集团第六分公司']
export const ROUTE_TYPES = ['常规公交', '快速公交', '夜间公交', '社区巴士', '定制公交'] as const

function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

export function buildBusLines(rng: Rng): SampleDataset {
  const lines: [string, (typeof ROUTE_TYPES)[number]][] = []
  for (let n = 1; n <= 460; n++) if (rng.chance(0.75)) lines.push([`${n}路`, '常规公交'])
  for (let n = 1; n <= 30; n++) lines.push([`K${n}路`, '快速公交'])
  for (let n = 1; n <= 40; n++) if (rng.chance(0.8)) lines.push([`夜${n}路`, '夜间公交'])
  for (let n = 1; n <= 30; n++) if (rng.chance(0.7)) lines.push([`社区${n}路`, '社区巴士'])
  for (let n = 1; n <= 12; n++) lines.push([`定制${n}线`, '定制公交'])
  const rows = lines.map(([name, type], i) => {
    const [from, to] = rng.sample(STOPS, 2) as [string, string]
    const length = type === '社区巴士' ? rng.float(2, 8) : type === '快速公交' ? rng.float(12, 40) : rng.float(5, 32)
    const stops = Math.max(2, Math.round(length * rng.float(1.3, 2.1)))
    let first: number
    let last: number
    if (type === '夜间公交') {
      first = rng.pick([1320, 1350, 1380, 1410])
      last = rng.pick([180, 240, 270, 300])
    } else {
      first = rng.int(10, 14) * 30 + rng.pick([0, 15])
      last = type === '定制公交' ? rng.int(36, 40) * 30 : rng.int(40, 46) * 30 + rng.pick([0, 15])
    }
    const fare = type === '社区巴士' ? 1 : type === '定制公交' ? rng.pick([3, 5, 8]) : type === '快速公交' ? 2 : rng.weighted<number>([[1, 2], [2, 8]])
    const opened = type === '常规公交' && rng.chance(0.3) ? rng.int(1952, 1999) : rng.int(2000, 2024)
    return [
      `L${String(i + 1).padStart(4, '0')}`, name, type, from, to, stops, round1(length), hhmm(first), hhmm(last),
      fare, rng.pick(OPERATORS), type === '社区巴士' ? rng.chance(0.6) : rng.chance(0.97), opened,
    ]
  })
  const header = ['line_id', 'line_name', 'route_type', 'start_stop', 'end_stop', 'stops', 'length_km', 'first_bus', 'last_bus', 'fare', 'operator', 'air_conditioned', 'opened_year']
  const time = '^([01][0-9]|2[0-3]):[0-5][0-9]$'
  return {
    rows: rows.length,
    file: { name: 'bus-lines.csv', bytes: utf8Csv(header, rows, { finalNewline: false }) },
    entry: {
      id: 'bus-lines',
      title: '公交线路信息',
      title_en: 'Bus lines',
      description: '全市城市公交线路基础信息，包括线路名称、线路类型、起讫站点、站点数、线路长度、首末班时间、票价和运营单位。夜间线路的末班时间为次日凌晨。',
      provider: govProvider('成都市交通运输局', '510100'),
      theme: '交通运输',
      keywords: ['公交', '线路', '公共交通', '出行'],
      grade: 1,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'quarterly',
      temporal: { start: '2024-01-01', end: '2024-12-31' },
      spatial: '成都市',
      source: { path: 'bus-lines.csv', encoding: 'utf-8', delimiter: ',', on_error: 'skip' },
      primary_key: 'line_id',
      fields: [
        { name: 'line_id', type: 'string', title: '线路编号', constraints: { required: true, unique: true, pattern: '^L[0-9]{4}$' } },
        { name: 'line_name', type: 'string', title: '线路名称', searchable: true, constraints: { required: true, unique: true } },
        { name: 'route_type', type: 'string', title: '线路类型', index: true, constraints: { required: true, enum: [...ROUTE_TYPES] } },
        { name: 'start_stop', type: 'string', title: '起点站', searchable: true },
        { name: 'end_stop', type: 'string', title: '终点站', searchable: true },
        { name: 'stops', type: 'integer', title: '站点数', constraints: { minimum: 2 } },
        { name: 'length_km', type: 'number', title: '线路长度', unit: '公里', constraints: { minimum: 0 } },
        { name: 'first_bus', type: 'string', title: '首班时间', constraints: { pattern: time } },
        { name: 'last_bus', type: 'string', title: '末班时间', constraints: { pattern: time } },
        { name: 'fare', type: 'number', title: '票价', unit: '元', constraints: { minimum: 0 } },
        { name: 'operator', type: 'string', title: '运营单位', index: true },
        { name: 'air_conditioned', type: 'boolean', title: '是否空调车' },
        { name: 'opened_year', type: 'year', title: '开通年份', constraints: { minimum: 1952, maximum: 2024 } },
      ],
    },
  }
}
