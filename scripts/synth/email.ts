/**
 * E-mail addresses with pinyin-like local parts at common Chinese providers and government domains.
 */
import { type Rng, weightedPicker } from './random.ts'

const PERSONAL_DOMAINS = weightedPicker<string>([
  ['163.com', 30], ['qq.com', 30], ['126.com', 12], ['sina.com', 6], ['foxmail.com', 6],
  ['139.com', 4], ['sohu.com', 3], ['aliyun.com', 3], ['outlook.com', 3], ['gmail.com', 3],
])

/** Government mail domains, for people working in public bodies. */
export const GOV_DOMAINS: readonly string[] = [
  'beijing.gov.cn', 'sh.gov.cn', 'gz.gov.cn', 'sz.gov.cn', 'chengdu.gov.cn', 'mca.gov.cn', 'gov.cn',
]

const SYLLABLES = [
  'wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu',
  'hu', 'guo', 'he', 'lin', 'gao', 'luo', 'wei', 'fang', 'min', 'jing', 'qiang', 'lei', 'jun', 'yong',
  'jie', 'tao', 'ming', 'chao', 'xiu', 'xia', 'ping', 'gang', 'hua', 'yu', 'lan', 'hong', 'jian', 'guo',
  'wen', 'hui', 'peng', 'hao', 'xin', 'yi', 'zi', 'han', 'xuan', 'chen', 'bo', 'jia', 'qi', 'si',
]

export interface EmailOptions {
  /** Pinyin syllables of the person's name, surname first. */
  pinyin?: readonly string[]
  /** Use a government domain. */
  gov?: boolean
  domain?: string
}

/** An e-mail address, e.g. zhang.wei88@163.com. */
export function emailAddress(rng: Rng, opts: EmailOptions = {}): string {
  const syl = opts.pinyin && opts.pinyin.length > 0
    ? opts.pinyin
    : [rng.pick(SYLLABLES), rng.pick(SYLLABLES), ...(rng.chance(0.5) ? [rng.pick(SYLLABLES)] : [])]
  const [sur, ...given] = syl as [string, ...string[]]
  const domain = opts.domain ?? (opts.gov ? rng.pick(GOV_DOMAINS) : PERSONAL_DOMAINS(rng))
  let local: string
  const style = rng.int(0, 5)
  switch (style) {
    case 0: local = sur + given.join(''); break
    case 1: local = `${sur}.${given.join('')}`; break
    case 2: local = given.join('') + sur; break
    case 3: local = `${sur}${given.map((g) => g[0]).join('')}${rng.int(1960, 2005)}`; break
    case 4: local = `${sur}_${given.join('')}${rng.int(1, 99)}`; break
    default: local = `${given.map((g) => g[0]).join('')}${sur}${rng.digits(3)}`
  }
  if (domain === 'qq.com' && rng.chance(0.4)) local = String(rng.int(10000, 3999999999)) // QQ number
  return `${local}@${domain}`
}
