/**
 * Administrative penalty decisions (行政处罚决定), shared by the `admin-penalties` sample and the
 * benchmark generator (bench/generate-penalties.ts).
 */
import { residentialAddress } from '../synth/address.ts'
import { bankCardNumber } from '../synth/bank-card.ts'
import { addDays, dayBetween, isoDate, weekday } from '../synth/dates.ts'
import { emailAddress } from '../synth/email.ts'
import { idCardNumber } from '../synth/id-card.ts'
import { personNameDetailed } from '../synth/names.ts'
import { mobileNumber } from '../synth/phone.ts'
import { type Rng, weightedPicker } from '../synth/random.ts'
import { CITIES, type District, originAreaCode } from '../synth/regions.ts'

export interface ViolationType {
  readonly name: string
  /** Fine in 元 (0 = warning only). */
  readonly fine: (rng: Rng) => number
  /** Whether illegal gains are usually confiscated too (added to the amount, with cents). */
  readonly confiscation?: boolean
}

export interface Authority {
  readonly name: string
  /** Prefix of its case numbers, e.g. 京朝市监罚 → 京朝市监罚〔2023〕1234号. */
  readonly abbr: string
  /** District it covers (undefined: the whole city). */
  readonly district?: District
  readonly types: readonly ViolationType[]
}

const fixed = (...values: number[]) => (rng: Rng) => rng.pick(values)
const stepped = (min: number, max: number, step: number) => (rng: Rng) => min + step * rng.int(0, Math.floor((max - min) / step))

const MARKET: readonly ViolationType[] = [
  { name: '无照经营', fine: fixed(1000, 2000, 3000, 5000, 10000, 20000, 50000), confiscation: true },
  { name: '销售不合格产品', fine: stepped(2000, 50000, 500), confiscation: true },
  { name: '虚假宣传', fine: fixed(10000, 20000, 50000, 100000, 200000) },
  { name: '食品安全违法', fine: fixed(5000, 10000, 20000, 50000), confiscation: true },
  { name: '销售过期食品', fine: fixed(5000, 10000, 50000), confiscation: true },
  { name: '未按规定明码标价', fine: fixed(500, 1000, 2000, 5000) },
  { name: '价格违法', fine: fixed(2000, 5000, 10000, 50000) },
  { name: '计量违法', fine: fixed(1000, 3000, 5000) },
]
const CITY_MGMT: readonly ViolationType[] = [
  { name: '占道经营', fine: fixed(50, 100, 200, 500) },
  { name: '违法建设', fine: stepped(5000, 200000, 100) },
  { name: '张贴小广告', fine: fixed(50, 100, 200) },
  { name: '随意倾倒垃圾', fine: fixed(50, 100, 200) },
  { name: '露天烧烤', fine: fixed(500, 1000, 2000) },
]
const TRANSPORT: readonly ViolationType[] = [
  { name: '非法营运', fine: fixed(10000, 20000, 30000) },
  { name: '网约车未取得经营许可', fine: fixed(10000) },
]
const ENVIRONMENT: readonly ViolationType[] = [
  { name: '露天焚烧', fine: fixed(500, 1000, 2000) },
  { name: '餐饮油烟超标排放', fine: fixed(5000, 10000, 20000) },
  { name: '夜间施工噪声扰民', fine: stepped(10000, 100000, 1000) },
]
const HEALTH: readonly ViolationType[] = [
  { name: '非法行医', fine: fixed(30000, 50000, 100000), confiscation: true },
  { name: '未取得资质从事医疗美容', fine: fixed(30000, 50000), confiscation: true },
  { name: '公共场所卫生违法', fine: fixed(500, 1000, 2000) },
]

const BJ = CITIES.beijing
const bjDistrict = (name: string): District => {
  const d = BJ.districts.find((x) => x.name === name)
  if (!d) throw new Error(`no district ${name}`)
  return d
}

/** Penalty-issuing authorities of Beijing with their relative case volumes. */
export const AUTHORITIES: readonly (readonly [Authority, number])[] = [
  ...(['朝阳区', '海淀区', '东城区', '西城区', '丰台区', '通州区', '昌平区'] as const).map(
    (n) => [{ name: `北京市${n}市场监督管理局`, abbr: `京${n[0]}市监罚`, district: bjDistrict(n), types: MARKET }, n === '朝阳区' || n === '海淀区' ? 12 : 6] as const,
  ),
  ...(['朝阳区', '海淀区', '丰台区'] as const).map(
    (n) => [{ name: `北京市${n}城市管理综合行政执法局`, abbr: `京${n[0]}城管罚`, district: bjDistrict(n), types: CITY_MGMT }, 7] as const,
  ),
  [{ name: '北京市交通运输综合执法总队', abbr: '京交执法罚', types: TRANSPORT }, 10],
  [{ name: '北京市生态环境局', abbr: '京环罚', types: ENVIRONMENT }, 7],
  [{ name: '北京市卫生健康委员会', abbr: '京卫医罚', types: HEALTH }, 8],
]
const pickAuthority = weightedPicker(AUTHORITIES)

/** Every violation type, for the `index`ed field's documentation and tests. */
export const VIOLATION_TYPES: readonly string[] = [...new Set(AUTHORITIES.flatMap(([a]) => a.types.map((t) => t.name)))]

/** Enforcement status (the bench dataset's 12th column). */
export const PENALTY_STATUSES: readonly string[] = ['已执行', '执行中', '复议中', '诉讼中', '已撤销']
const pickStatus = weightedPicker<string>([['已执行', 78], ['执行中', 14], ['复议中', 3], ['诉讼中', 2], ['已撤销', 3]])

function chineseDate(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`
}

/** A working day on or after `iso`. */
function nextWorkday(iso: string): string {
  let d = iso
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, 1)
  return d
}

export interface PenaltyRecord {
  readonly partyName: string
  readonly idNumber: string
  /** '' when the party left no phone number. */
  readonly phone: string
  readonly address: string
  readonly violationType: string
  readonly amount: number
  readonly decisionDate: string
  readonly authority: Authority
  /** Free text; '' when empty. */
  readonly remark: string
  readonly status: string
}

export interface PenaltyOptions {
  from?: string
  to?: string
  /**
   * Let a few percent of remarks embed a mobile, ID, bank card number or e-mail address (for the
   * `redact` rule). false: remarks never contain personal identifiers.
   */
  identifiersInRemarks?: boolean
}

/** Remark texts; some contain ASCII commas, double quotes, LF or CRLF on purpose (CSV quoting). */
function remark(rng: Rng, r: { phone: string; idNumber: string; amount: number; decisionDate: string; violationType: string }, identifiers: boolean): string {
  const paid = (): string => chineseDate(nextWorkday(addDays(r.decisionDate, rng.int(1, 15))))
  if (identifiers) {
    const x = rng.next()
    if (x < 0.025) return `当事人已于${paid()}缴纳罚款,联系电话${r.phone || mobileNumber(rng)}`
    if (x < 0.035) return `当事人身份证号${r.idNumber}，已核实身份。`
    if (x < 0.042) return `罚款已由当事人通过银行卡${bankCardNumber(rng)}缴纳。`
    if (x < 0.047) return `处罚决定书电子版已发送至当事人邮箱${emailAddress(rng)}。`
  }
  if (r.amount === 0) return rng.chance(0.5) ? '给予警告处罚。' : '违法情节轻微并及时改正，给予警告。'
  const y = rng.next()
  if (y < 0.4) return ''
  if (y < 0.55) return `当事人已于${paid()}缴纳罚款。`
  if (y < 0.63) return '责令改正，并处罚款。'
  if (y < 0.68) return '责令改正, 没收违法所得, 并处罚款'
  if (y < 0.75) return '当事人对处罚决定无异议，已签收《行政处罚决定书》。'
  if (y < 0.78) return `当事人${r.violationType === '销售不合格产品' ? '销售' : '经营'}"三无"产品，已责令下架并封存。`
  if (y < 0.81) return '现场检查情况：\n1. 未悬挂营业执照；\n2. 未公示价格。'
  if (y < 0.84) return `整改情况：\r\n已于${paid()}整改完毕，经复查合格。`
  if (y < 0.88) return '当事人申请分期缴纳罚款，已批准。'
  if (y < 0.92) return '依据《中华人民共和国行政处罚法》第三十二条，从轻处罚。'
  if (y < 0.95) return '当事人逾期未缴纳罚款，已申请人民法院强制执行。'
  if (y < 0.97) return '案件来源：12345市民服务热线转办。'
  return '当事人提出陈述申辩，经复核"理由不成立"，维持原处罚。'
}

/** One penalty decision against a natural person. */
export function penaltyRecord(rng: Rng, opts: PenaltyOptions = {}): PenaltyRecord {
  const authority = pickAuthority(rng)
  const type = rng.pick(authority.types)
  const district = authority.district && rng.chance(0.8) ? authority.district : rng.pick(BJ.districts)
  const person = personNameDetailed(rng)
  const idNumber = idCardNumber(rng, {
    areaCode: originAreaCode(rng, district), sex: person.sex, birthFrom: '1950-01-01', birthTo: '2003-12-31',
  })
  const phone = rng.chance(0.9) ? mobileNumber(rng) : ''
  const address = residentialAddress(rng, district)
  let amount = rng.chance(0.04) ? 0 : type.fine(rng)
  if (amount > 0 && type.confiscation && rng.chance(0.5)) amount += rng.int(5000, 1_000_000) / 100
  amount = Math.round(amount * 100) / 100
  let day = dayBetween(rng, opts.from ?? '2019-01-01', opts.to ?? '2024-12-31')
  const wd = (((day + 4) % 7) + 7) % 7 // 0 = Sunday
  if (wd === 6) day += 2
  else if (wd === 0) day += 1
  const decisionDate = isoDate(day)
  const text = remark(rng, { phone, idNumber, amount, decisionDate, violationType: type.name }, opts.identifiersInRemarks ?? true)
  return {
    partyName: person.name, idNumber, phone, address, violationType: type.name, amount, decisionDate,
    authority, remark: text, status: pickStatus(rng),
  }
}

/** Case number, e.g. 京朝市监罚〔2023〕1234号. */
export function caseNumber(authority: Authority, year: string, seq: number): string {
  return `${authority.abbr}〔${year}〕${seq}号`
}
