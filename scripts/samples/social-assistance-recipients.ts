/**
 * social-assistance-recipients — 最低生活保障对象 (社会保障, grade 3, conditional), with a
 * k-anonymity check over district and age band. A handful of recipients in 门头沟区 form groups
 * smaller than k, so ingest has rows to suppress.
 */
import { bankCardNumber } from '../synth/bank-card.ts'
import { ageOn, dateBetween } from '../synth/dates.ts'
import { idCardDetailed } from '../synth/id-card.ts'
import { personName } from '../synth/names.ts'
import type { Rng } from '../synth/random.ts'
import { CITIES, type District, originAreaCode } from '../synth/regions.ts'
import { govProvider, type SampleDataset, utf8Csv } from './common.ts'

/** 2024 Beijing minimum living standard, 元 per person per month. */
export const STANDARD = 1395
export const REFERENCE_DATE = '2024-12-31'

export function buildSocialAssistance(rng: Rng): SampleDataset {
  const BJ = CITIES.beijing
  const weights: Readonly<Record<string, number>> = {
    东城区: 8, 西城区: 8, 朝阳区: 20, 丰台区: 14, 石景山区: 6, 海淀区: 14, 通州区: 10, 昌平区: 12,
  }
  const main = BJ.districts.filter((d) => d.name in weights).map((d) => [d, weights[d.name] as number] as const)
  const small = BJ.districts.find((d) => d.name === '门头沟区') as District
  const people: { district: District; birthFrom: string; birthTo: string }[] = []
  for (let i = 0; i < 1800; i++) {
    // older people are over-represented among recipients
    const decade = rng.weighted<number>([[1940, 14], [1950, 20], [1960, 22], [1970, 16], [1980, 12], [1990, 9], [2000, 7]])
    people.push({ district: rng.weighted(main), birthFrom: `${decade}-01-01`, birthTo: `${Math.min(decade + 9, 2005)}-12-31` })
  }
  for (const year of [1944, 1958, 1961, 1963, 1977, 1986, 1999]) {
    people.push({ district: small, birthFrom: `${year}-01-01`, birthTo: `${year}-12-31` })
  }
  const rows = rng.shuffle(people).map((p, i) => {
    const id = idCardDetailed(rng, { areaCode: originAreaCode(rng, p.district, 0.8, 0.15), birthFrom: p.birthFrom, birthTo: p.birthTo })
    const household = rng.weighted<number>([[1, 35], [2, 25], [3, 20], [4, 12], [5, 6], [6, 2]])
    const rural = (p.district.name === '通州区' || p.district.name === '昌平区' || p.district.name === '门头沟区') && rng.chance(0.45)
    const income = rng.chance(0.4) ? 0 : rng.int(0, Math.floor(household * STANDARD * 0.8))
    const amount = Math.max(100, household * STANDARD - income)
    return [
      i + 1, personName(rng, id.sex), id.id, p.district.name, ageOn(id.birthDate, REFERENCE_DATE), household,
      rural ? '农村低保' : '城市低保', amount, bankCardNumber(rng, { length: 19 }), dateBetween(rng, '2016-01-01', REFERENCE_DATE),
    ]
  })
  const header = ['record_id', 'name', 'id_card', 'district', 'age', 'household_size', 'category', 'monthly_amount', 'bank_card', 'approval_date']
  return {
    rows: rows.length,
    file: { name: 'social-assistance-recipients.csv', bytes: utf8Csv(header, rows) },
    entry: {
      id: 'social-assistance-recipients',
      title: '最低生活保障对象信息',
      title_en: 'Minimum living allowance (dibao) recipients',
      description: '本市城乡最低生活保障对象的保障信息，包括所在区、年龄段、家庭保障人口、保障类别、月保障金额和批准日期，用于社会救助政策研究。姓名和银行卡号已遮盖，身份证号仅保留出生年份，年龄按10岁分段；按所在区和年龄段进行k-匿名检查（k=3），不满足的记录不予发布。依申请有条件开放。',
      provider: govProvider('北京市民政局', '110000'),
      theme: '社会保障',
      keywords: ['低保', '社会救助', '民政', '最低生活保障'],
      grade: 3,
      open: 'conditional',
      license: 'CC-BY-4.0',
      update_frequency: 'quarterly',
      temporal: { start: '2016-01-01', end: REFERENCE_DATE },
      spatial: '北京市',
      source: { path: 'social-assistance-recipients.csv', encoding: 'utf-8', delimiter: ',', on_error: 'fail' },
      primary_key: 'record_id',
      fields: [
        { name: 'record_id', type: 'integer', title: '记录编号', constraints: { required: true, unique: true } },
        { name: 'name', type: 'string', title: '姓名', constraints: { required: true }, pii: 'name', rule: 'mask' },
        { name: 'id_card', type: 'string', title: '身份证号', constraints: { required: true }, pii: 'id_card', rule: { generalize: 'birth_year' } },
        { name: 'district', type: 'string', title: '所在区', index: true, constraints: { required: true } },
        { name: 'age', type: 'integer', title: '年龄', unit: '岁', constraints: { minimum: 0, maximum: 120 }, rule: { generalize: { bucket: 10 } } },
        { name: 'household_size', type: 'integer', title: '家庭保障人口', unit: '人', constraints: { minimum: 1, maximum: 10 } },
        { name: 'category', type: 'string', title: '保障类别', index: true, constraints: { enum: ['城市低保', '农村低保'] } },
        { name: 'monthly_amount', type: 'number', title: '月保障金额', unit: '元', constraints: { minimum: 0 } },
        { name: 'bank_card', type: 'string', title: '发放银行卡号', pii: 'bank_card', rule: 'mask' },
        { name: 'approval_date', type: 'date', title: '批准日期', index: true },
      ],
      privacy: { quasi_identifiers: ['district', 'age'], k: 3, on_violation: 'suppress' },
    },
  }
}
