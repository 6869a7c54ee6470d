/**
 * parks — 公园名录 (文化休闲, grade 1). The source file is encoded in GB18030 with CRLF line ends,
 * as exported by a desktop spreadsheet on a Chinese-locale PC; it contains rare characters of
 * Guangzhou place names (滘, 塱, 漖, 碁, 槎, 蚬) and a supplementary-plane one (𬞟, a 4-byte sequence
 * in GB18030, absent from GBK).
 */
import iconv from 'iconv-lite'
import { districtPrefix } from '../synth/address.ts'
import type { Rng } from '../synth/random.ts'
import { CITIES, type District } from '../synth/regions.ts'
import { toCsv } from '../lib/csv.ts'
import { govProvider, round2, type SampleDataset, unique } from './common.ts'

export const PARK_TYPES = ['综合公园', '社区公园', '专类公园', '历史名园', '湿地公园', '森林公园', '游园'] as const
type ParkType = (typeof PARK_TYPES)[number]

/** Famous parks: name, district, type, area (ha), opened, free */
const FAMOUS: readonly (readonly [string, string, ParkType, number, number, boolean])[] = [
  ['越秀公园', '越秀区', '综合公园', 86.0, 1952, true],
  ['流花湖公园', '越秀区', '综合公园', 54.4, 1958, true],
  ['东山湖公园', '越秀区', '综合公园', 32.1, 1959, true],
  ['兰圃', '越秀区', '专类公园', 4.0, 1951, false],
  ['草暖公园', '越秀区', '游园', 1.3, 1985, true],
  ['荔湾湖公园', '荔湾区', '综合公园', 27.9, 1958, true],
  ['海珠湖公园', '海珠区', '湿地公园', 105.0, 2012, true],
  ['晓港公园', '海珠区', '综合公园', 12.4, 1975, true],
  ['天河公园', '天河区', '综合公园', 70.7, 1998, true],
  ['珠江公园', '天河区', '专类公园', 28.0, 2000, true],
  ['麓湖公园', '越秀区', '综合公园', 205.0, 1958, true],
  ['雕塑公园', '越秀区', '专类公园', 17.4, 1993, true],
  ['白云山风景名胜区', '白云区', '森林公园', 2180.0, 1993, false],
  ['儿童公园', '白云区', '专类公园', 18.6, 2012, true],
  ['大夫山森林公园', '番禺区', '森林公园', 867.0, 2002, true],
  ['黄埔军校旧址纪念公园', '黄埔区', '历史名园', 8.9, 1996, false],
]

const PLACES: Readonly<Record<string, readonly string[]>> = {
  荔湾区: ['沙面', '芳村', '花地湾', '东漖', '西塱', '鹤洞', '聚龙', '石围塱', '坑口'],
  越秀区: ['东风', '农林', '登峰', '小北', '建设', '二沙'],
  海珠区: ['沥滘', '新滘', '仑头', '赤岗', '琶洲', '官洲', '土华', '小洲', '龙潭', '瑞宝'],
  天河区: ['猎德', '冼村', '员村', '石牌', '车陂', '棠下', '龙洞', '岑村', '东圃', '黄村', '凤凰', '华景'],
  白云区: ['京溪', '同和', '嘉禾', '三元里', '棠景', '石井', '江高', '人和', '太和', '钟落潭', '罗冲围', '槎头', '鹤边'],
  黄埔区: ['鱼珠', '长洲', '南岗', '萝岗', '夏港', '九佛', '文冲', '大沙'],
  番禺区: ['市桥', '沙湾', '石碁', '石楼', '化龙', '南村', '钟村', '大石', '洛溪', '蚬涌'],
}

const PLANTS = ['木棉', '细叶榕', '紫荆', '凤凰木', '黄花风铃木', '簕杜鹃', '荔枝', '龙眼', '白兰', '大王椰', '落羽杉', '荷花', '𬞟婆']
const FACILITIES = ['儿童游乐区', '健身步道', '公共厕所', '篮球场', '羽毛球场', '停车场', '茶室', '自行车道', '母婴室', '无障碍通道']

export function buildParks(rng: Rng): SampleDataset {
  const GZ = CITIES.guangzhou
  const byName = (n: string): District => GZ.districts.find((d) => d.name === n) as District
  const names = new Set<string>()
  const parks: [string, District, ParkType, number, number, boolean][] = FAMOUS.map(([n, d, t, a, y, f]) => {
    names.add(n)
    return [n, byName(d), t, a, y, f]
  })
  while (parks.length < 230) {
    const district = rng.pick(GZ.districts)
    const place = rng.pick(PLACES[district.name] as readonly string[])
    const type = rng.weighted<ParkType>([['社区公园', 45], ['游园', 25], ['综合公园', 10], ['湿地公园', 8], ['专类公园', 7], ['历史名园', 2], ['森林公园', 3]])
    const suffix = type === '湿地公园' ? '湿地公园' : type === '游园' ? rng.pick(['游园', '口袋公园', '街心花园']) : type === '森林公园' ? '森林公园' : type === '专类公园' ? rng.pick(['植物园', '体育公园', '儿童公园']) : '公园'
    const name = unique(names, () => rng.pick([`${place}${suffix}`, `${place}${rng.pick(['涌', '湖', '村', '滨江', '文化'])}${suffix}`]), 50_000)
    const area = type === '游园' ? rng.float(0.05, 1) : type === '社区公园' ? rng.float(0.5, 10) : type === '森林公园' ? rng.float(50, 900) : rng.float(5, 80)
    parks.push([name, district, type, round2(area), rng.int(1980, 2024), type !== '历史名园' || rng.chance(0.3)])
  }
  const rows = parks.map(([name, district, type, area, opened, free], i) => [
    `P${String(i + 1).padStart(4, '0')}`, name, type, district.name,
    `${districtPrefix(district)}${rng.pick(district.streets)}${rng.int(1, 399)}号`, area, free,
    type === '游园' || type === '社区公园' ? '全天开放' : `${rng.pick(['06:00', '06:30', '07:00'])}-${rng.pick(['21:00', '22:00', '22:30'])}`,
    opened, rng.sample(PLANTS, rng.int(2, 4)).join('；'), rng.sample(FACILITIES, rng.int(1, 5)).join('；'),
  ])
  const header = ['park_id', 'name', 'park_type', 'district', 'address', 'area_ha', 'free_admission', 'opening_hours', 'opened_year', 'featured_plants', 'facilities']
  const text = toCsv(header, rows, { eol: '\r\n' })
  return {
    rows: rows.length,
    file: { name: 'parks.csv', bytes: iconv.encode(text, 'gb18030') },
    entry: {
      id: 'parks',
      title: '公园名录',
      title_en: 'Parks',
      description: '全市城市公园名录，包括综合公园、社区公园、专类公园、历史名园、湿地公园、森林公园和游园，列出公园类型、所在区、地址、面积、是否免费开放、开放时间、建成年份、特色植物和主要设施。',
      provider: govProvider('广州市林业和园林局', '440100'),
      theme: '文化休闲',
      keywords: ['公园', '绿地', '休闲', '园林'],
      grade: 1,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'half-yearly',
      temporal: { start: '2024-01-01', end: '2024-12-31' },
      spatial: '广州市',
      source: { path: 'parks.csv', encoding: 'gb18030', delimiter: ',', on_error: 'fail' },
      primary_key: 'park_id',
      fields: [
        { name: 'park_id', type: 'string', title: '公园编号', constraints: { required: true, unique: true, pattern: '^P[0-9]{4}$' } },
        { name: 'name', type: 'string', title: '公园名称', searchable: true, constraints: { required: true, unique: true } },
        { name: 'park_type', type: 'string', title: '公园类型', index: true, constraints: { enum: [...PARK_TYPES] } },
        { name: 'district', type: 'string', title: '所在区', index: true },
        { name: 'address', type: 'string', title: '地址' },
        { name: 'area_ha', type: 'number', title: '面积', unit: '公顷', constraints: { minimum: 0 } },
        { name: 'free_admission', type: 'boolean', title: '是否免费开放' },
        { name: 'opening_hours', type: 'string', title: '开放时间' },
        { name: 'opened_year', type: 'year', title: '建成年份' },
        { name: 'featured_plants', type: 'string', title: '特色植物', searchable: true },
        { name: 'facilities', type: 'string', title: '主要设施' },
      ],
    },
  }
}
