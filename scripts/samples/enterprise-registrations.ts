/** enterprise-registrations — 企业登记信息 (市场监管, grade 2); legal representatives masked. */
import { streetAddress } from '../synth/address.ts'
import { companyName, INDUSTRIES } from '../synth/company.ts'
import { creditCode } from '../synth/credit-code.ts'
import { dateBetween } from '../synth/dates.ts'
import { personName } from '../synth/names.ts'
import type { Rng } from '../synth/random.ts'
import { CITIES } from '../synth/regions.ts'
import { govProvider, round2, type SampleDataset, unique, utf8Csv } from './common.ts'

export const TYPES = ['有限责任公司', '股份有限公司', '个人独资企业', '合伙企业', '外商投资企业'] as const
type EnterpriseType = (typeof TYPES)[number]
export const STATUSES = ['存续', '迁出', '注销', '吊销'] as const

const SCOPE: Readonly<Record<string, readonly string[]>> = {
  default: ['经济信息咨询', '企业管理咨询', '国内贸易', '货物及技术进出口', '会议及展览服务', '市场营销策划'],
  科技: ['计算机软硬件的技术开发、技术咨询、技术服务', '电子产品的销售', '信息系统集成服务', '数据处理和存储支持服务'],
  信息技术: ['软件开发', '信息技术咨询服务', '网络与信息安全软件开发', '云计算装备技术服务'],
  网络科技: ['互联网信息服务', '网络技术开发', '网页设计', '电子商务平台运营'],
  餐饮管理: ['餐饮管理', '餐饮服务', '食品销售', '外卖递送服务'],
  建筑工程: ['建筑工程施工', '市政公用工程施工', '建筑装饰装修工程', '建筑劳务分包'],
  物业管理: ['物业管理', '停车场服务', '家政服务', '园林绿化工程施工'],
  医药: ['药品零售', '医疗器械经营', '保健食品销售', '医药技术开发'],
  物流: ['普通货运', '国内货运代理', '仓储服务（不含危险化学品）', '供应链管理服务'],
  新能源: ['新能源汽车充电设施运营', '光伏设备及元器件销售', '储能技术服务', '合同能源管理'],
}

function businessScope(rng: Rng, industry: string): string {
  const own = SCOPE[industry] ?? []
  const items = rng.sample([...own, ...rng.sample(SCOPE.default as readonly string[], 3)], rng.int(3, 6))
  return `一般经营项目是：${items.join('；')}。${rng.chance(0.2) ? '（依法须经批准的项目，经相关部门批准后方可开展经营活动）' : ''}`
}

const FORM: Readonly<Record<EnterpriseType, readonly string[]>> = {
  有限责任公司: ['有限公司', '有限责任公司'],
  股份有限公司: ['股份有限公司'],
  个人独资企业: ['商行', '经营部', '工作室'],
  合伙企业: ['合伙企业（有限合伙）', '中心（有限合伙）'],
  外商投资企业: ['有限公司'],
}

export function buildEnterpriseRegistrations(rng: Rng): SampleDataset {
  const SZ = CITIES.shenzhen
  const names = new Set<string>()
  const codes = new Set<string>()
  const rows: (string | number)[][] = []
  for (let i = 0; i < 3000; i++) {
    const district = rng.pick(SZ.districts)
    const type = rng.weighted<EnterpriseType>([['有限责任公司', 78], ['股份有限公司', 4], ['个人独资企业', 8], ['合伙企业', 6], ['外商投资企业', 4]])
    const industry = rng.pick(INDUSTRIES)
    const name = unique(names, () => companyName(rng, { city: type === '外商投资企业' ? `${rng.pick(['深圳', '深圳市'])}` : '深圳市', industry, form: rng.pick(FORM[type]) }))
    const code = unique(codes, () => creditCode(rng, { kind: 'enterprise', areaCode: district.code }))
    const year = rng.weighted<number>(Array.from({ length: 35 }, (_, k) => [1990 + k, 1 + k * k] as const))
    const capital = type === '个人独资企业'
      ? rng.pick([1, 3, 5, 10, 50])
      : type === '股份有限公司'
        ? rng.pick([1000, 2000, 5000, 10000, 30000])
        : rng.chance(0.7) ? rng.pick([10, 30, 50, 100, 200, 300, 500, 1000]) : round2(rng.logNormal(200, 1.3))
    const status = rng.weighted<(typeof STATUSES)[number]>([['存续', 84], ['迁出', 2], ['注销', 11], ['吊销', 3]])
    rows.push([
      code, name, personName(rng), type, capital, dateBetween(rng, `${year}-01-01`, `${year}-12-31`),
      district.name, streetAddress(rng, district) + (rng.chance(0.5) ? `${rng.pick(['A', 'B', 'C'])}座${rng.int(2, 40)}${String(rng.int(1, 20)).padStart(2, '0')}` : ''),
      businessScope(rng, industry), status,
    ])
  }
  rows.sort((a, b) => (a[5] as string) < (b[5] as string) ? -1 : (a[5] as string) > (b[5] as string) ? 1 : (a[0] as string) < (b[0] as string) ? -1 : 1)
  const header = ['credit_code', 'name', 'legal_representative', 'enterprise_type', 'registered_capital', 'established', 'district', 'address', 'business_scope', 'status']
  return {
    rows: rows.length,
    file: { name: 'enterprise-registrations.csv', bytes: utf8Csv(header, rows) },
    entry: {
      id: 'enterprise-registrations',
      title: '企业登记信息',
      title_en: 'Enterprise registrations',
      description: '在本市登记的企业的基本登记信息，包括统一社会信用代码、企业名称、法定代表人、企业类型、注册资本、成立日期、住所和经营范围以及登记状态。法定代表人姓名已部分遮盖。',
      provider: govProvider('深圳市市场监督管理局', '440300'),
      theme: '市场监管',
      keywords: ['企业', '商事登记', '市场主体', '统一社会信用代码'],
      grade: 2,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'weekly',
      temporal: { start: '1990-01-01', end: '2024-12-31' },
      spatial: '深圳市',
      source: { path: 'enterprise-registrations.csv', encoding: 'auto', delimiter: ',', on_error: 'fail' },
      primary_key: 'credit_code',
      fields: [
        { name: 'credit_code', type: 'string', title: '统一社会信用代码', constraints: { required: true, unique: true, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } },
        { name: 'name', type: 'string', title: '企业名称', searchable: true, constraints: { required: true, unique: true, maxLength: 100 } },
        { name: 'legal_representative', type: 'string', title: '法定代表人', pii: 'name', rule: 'mask' },
        { name: 'enterprise_type', type: 'string', title: '企业类型', index: true, constraints: { required: true, enum: [...TYPES] } },
        { name: 'registered_capital', type: 'number', title: '注册资本', unit: '万元', constraints: { minimum: 0 } },
        { name: 'established', type: 'date', title: '成立日期', index: true, constraints: { required: true } },
        { name: 'district', type: 'string', title: '所在区', index: true },
        { name: 'address', type: 'string', title: '住所' },
        { name: 'business_scope', type: 'string', title: '经营范围', searchable: true, constraints: { maxLength: 500 } },
        { name: 'status', type: 'string', title: '登记状态', index: true, constraints: { required: true, enum: [...STATUSES] } },
      ],
    },
  }
}
