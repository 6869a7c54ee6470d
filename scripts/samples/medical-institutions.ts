/** medical-institutions — 医疗机构名录 (卫生健康, grade 1). */
import { streetAddress } from '../synth/address.ts'
import { tradeName } from '../synth/company.ts'
import { creditCode, type OrgKind } from '../synth/credit-code.ts'
import { dateBetween } from '../synth/dates.ts'
import { surname } from '../synth/names.ts'
import { landlineNumber } from '../synth/phone.ts'
import type { Rng } from '../synth/random.ts'
import { CITIES, type District } from '../synth/regions.ts'
import { chineseNumber, govProvider, type SampleDataset, utf8Csv } from './common.ts'

export const CATEGORIES = ['综合医院', '中医医院', '专科医院', '妇幼保健院', '社区卫生服务中心', '门诊部', '诊所'] as const
type Category = (typeof CATEGORIES)[number]
export const HOSPITAL_LEVELS = ['三级甲等', '三级乙等', '二级甲等', '二级乙等', '一级', '未定级'] as const

interface Inst {
  name: string
  category: Category
  district: District
  public: boolean
}

export function buildMedicalInstitutions(rng: Rng): SampleDataset {
  const GZ = CITIES.guangzhou
  const list: Inst[] = []
  const seen = new Set<string>()
  const add = (name: string, category: Category, district: District, isPublic: boolean): void => {
    if (seen.has(name)) return
    seen.add(name)
    list.push({ name, category, district, public: isPublic })
  }
  for (let n = 1; n <= 12; n++) add(`广州市第${chineseNumber(n)}人民医院`, '综合医院', rng.pick(GZ.districts), true)
  for (const d of GZ.districts) {
    add(`广州市${d.name}人民医院`, '综合医院', d, true)
    add(`广州市${d.name}中医医院`, '中医医院', d, true)
    add(`广州市${d.name}妇幼保健院`, '妇幼保健院', d, true)
    for (const s of d.subdistricts) add(`广州市${d.name}${s.replace(/街道$/, '街')}社区卫生服务中心`, '社区卫生服务中心', d, true)
  }
  const SPECIALTIES = ['眼科', '口腔', '骨科', '妇产', '肿瘤', '精神', '康复', '儿童', '皮肤病', '耳鼻喉']
  while (list.length < 760) {
    const d = rng.pick(GZ.districts)
    const x = rng.next()
    if (x < 0.08) add(`广州${tradeName(rng)}医院`, '综合医院', d, false)
    else if (x < 0.2) add(`广州${tradeName(rng)}${rng.pick(SPECIALTIES)}医院`, '专科医院', d, rng.chance(0.2))
    else if (x < 0.45) add(`广州${tradeName(rng)}${rng.pick(['综合', '中医', '口腔', '医疗美容'])}门诊部`, '门诊部', d, false)
    else add(`广州市${d.name}${rng.chance(0.5) ? `${surname(rng)}氏` : tradeName(rng)}${rng.pick(['口腔诊所', '中医诊所', '西医诊所', '中西医结合诊所', '医疗美容诊所'])}`, '诊所', d, false)
  }
  const rows = list.map((inst, i) => {
    const { category, district } = inst
    let level: (typeof HOSPITAL_LEVELS)[number] = '未定级'
    let beds = 0
    if (category === '综合医院' || category === '中医医院' || category === '专科医院' || category === '妇幼保健院') {
      level = inst.public
        ? inst.name.includes('第') ? rng.pick(['三级甲等', '三级甲等', '三级乙等'] as const) : rng.pick(['三级甲等', '二级甲等', '二级甲等', '二级乙等'] as const)
        : rng.pick(['二级乙等', '一级', '未定级', '未定级'] as const)
      beds = level.startsWith('三级') ? rng.int(500, 2500) : level.startsWith('二级') ? rng.int(100, 600) : rng.int(20, 120)
    } else if (category === '社区卫生服务中心') {
      level = '一级'
      beds = rng.chance(0.5) ? rng.int(10, 60) : 0
    } else if (category === '门诊部') {
      beds = rng.chance(0.3) ? rng.int(1, 19) : 0
    }
    const kind: OrgKind = inst.public ? 'institution' : category === '诊所' && rng.chance(0.5) ? 'individual-business' : rng.chance(0.6) ? 'enterprise' : 'private-non-enterprise'
    const hospital = beds >= 100
    return [
      `GZ${String(i + 1).padStart(5, '0')}`, inst.name, creditCode(rng, { kind, areaCode: district.code }), category, level,
      inst.public ? '公立' : '民营', district.name, streetAddress(rng, district), landlineNumber(rng, GZ.phoneAreaCode),
      beds, dateBetween(rng, inst.public ? '1990-01-01' : '2005-01-01', '2024-06-30'), !rng.chance(0.03),
      hospital && rng.chance(0.95), inst.public || rng.chance(0.55),
    ]
  })
  const header = ['inst_id', 'name', 'credit_code', 'category', 'hospital_level', 'ownership', 'district', 'address', 'phone', 'beds', 'licensed_on', 'in_service', 'emergency', 'insurance_designated']
  return {
    rows: rows.length,
    file: { name: 'medical-institutions.csv', bytes: utf8Csv(header, rows) },
    entry: {
      id: 'medical-institutions',
      title: '医疗机构名录',
      title_en: 'Medical institutions',
      description: '全市取得《医疗机构执业许可证》或备案的医疗机构名录，包括机构名称、类别、等级、所有制性质、地址、联系电话、核定床位数、执业登记日期，以及是否营业、是否设急诊、是否为医保定点机构。',
      provider: govProvider('广州市卫生健康委员会', '440100'),
      theme: '卫生健康',
      keywords: ['医院', '医疗机构', '医保定点', '社区卫生'],
      grade: 1,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'monthly',
      temporal: { start: '1990-01-01', end: '2024-06-30' },
      spatial: '广州市',
      source: { path: 'medical-institutions.csv', encoding: 'utf-8', delimiter: ',', on_error: 'fail' },
      primary_key: 'inst_id',
      fields: [
        { name: 'inst_id', type: 'string', title: '机构编号', constraints: { required: true, unique: true, pattern: '^GZ[0-9]{5}$' } },
        { name: 'name', type: 'string', title: '机构名称', searchable: true, constraints: { required: true, unique: true } },
        { name: 'credit_code', type: 'string', title: '统一社会信用代码', constraints: { unique: true, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } },
        { name: 'category', type: 'string', title: '机构类别', index: true, constraints: { required: true, enum: [...CATEGORIES] } },
        { name: 'hospital_level', type: 'string', title: '医院等级', index: true, constraints: { enum: [...HOSPITAL_LEVELS] } },
        { name: 'ownership', type: 'string', title: '所有制性质', constraints: { enum: ['公立', '民营'] } },
        { name: 'district', type: 'string', title: '所在区', index: true },
        { name: 'address', type: 'string', title: '地址', searchable: true },
        { name: 'phone', type: 'string', title: '联系电话' },
        { name: 'beds', type: 'integer', title: '核定床位数', unit: '张', constraints: { minimum: 0 } },
        { name: 'licensed_on', type: 'date', title: '执业登记日期' },
        { name: 'in_service', type: 'boolean', title: '是否营业' },
        { name: 'emergency', type: 'boolean', title: '是否设急诊' },
        { name: 'insurance_designated', type: 'boolean', title: '是否医保定点' },
      ],
    },
  }
}
