/**
 * Chinese personal names: a surname (weighted by frequency, a few compound ones) and one or two
 * given-name characters. About 1 name in 200 contains a character outside the Basic Multilingual
 * Plane (e.g. 𠮷, 𪚥), so consumers must count code points, not UTF-16 units.
 */
import { type Rng, type Weighted, weightedPicker } from './random.ts'

export type Sex = 'M' | 'F'

/** [surname, pinyin, relative frequency] */
const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 72], ['李', 'li', 71], ['张', 'zhang', 67], ['刘', 'liu', 54], ['陈', 'chen', 45],
  ['杨', 'yang', 33], ['黄', 'huang', 25], ['赵', 'zhao', 21], ['吴', 'wu', 20], ['周', 'zhou', 19],
  ['徐', 'xu', 14], ['孙', 'sun', 14], ['马', 'ma', 13], ['朱', 'zhu', 12], ['胡', 'hu', 11],
  ['郭', 'guo', 11], ['何', 'he', 10], ['林', 'lin', 10], ['高', 'gao', 10], ['罗', 'luo', 9],
  ['郑', 'zheng', 9], ['梁', 'liang', 8], ['谢', 'xie', 7], ['宋', 'song', 7], ['唐', 'tang', 7],
  ['许', 'xu', 6], ['韩', 'han', 6], ['冯', 'feng', 6], ['邓', 'deng', 6], ['曹', 'cao', 6],
  ['彭', 'peng', 5], ['曾', 'zeng', 5], ['萧', 'xiao', 5], ['田', 'tian', 5], ['董', 'dong', 5],
  ['潘', 'pan', 4], ['袁', 'yuan', 4], ['蔡', 'cai', 4], ['蒋', 'jiang', 4], ['余', 'yu', 4],
  ['于', 'yu', 4], ['杜', 'du', 4], ['叶', 'ye', 4], ['程', 'cheng', 4], ['魏', 'wei', 4],
  ['苏', 'su', 4], ['吕', 'lv', 4], ['丁', 'ding', 3], ['任', 'ren', 3], ['卢', 'lu', 3],
  ['姚', 'yao', 3], ['沈', 'shen', 3], ['钟', 'zhong', 3], ['姜', 'jiang', 3], ['崔', 'cui', 3],
  ['谭', 'tan', 3], ['陆', 'lu', 3], ['范', 'fan', 3], ['汪', 'wang', 3], ['廖', 'liao', 3],
  ['石', 'shi', 3], ['金', 'jin', 3], ['韦', 'wei', 2], ['贾', 'jia', 2], ['夏', 'xia', 2],
  ['付', 'fu', 2], ['方', 'fang', 2], ['邹', 'zou', 2], ['熊', 'xiong', 2], ['白', 'bai', 2],
  ['孟', 'meng', 2], ['秦', 'qin', 2], ['邱', 'qiu', 2], ['侯', 'hou', 2], ['江', 'jiang', 2],
  ['尹', 'yin', 2], ['薛', 'xue', 2], ['闫', 'yan', 2], ['段', 'duan', 2], ['雷', 'lei', 2],
  ['龙', 'long', 2], ['黎', 'li', 2], ['史', 'shi', 2], ['陶', 'tao', 2], ['贺', 'he', 2],
  ['毛', 'mao', 2], ['郝', 'hao', 2], ['顾', 'gu', 2], ['龚', 'gong', 2], ['邵', 'shao', 2],
  ['万', 'wan', 1], ['覃', 'qin', 1], ['武', 'wu', 1], ['钱', 'qian', 1], ['戴', 'dai', 1],
  ['严', 'yan', 1], ['欧阳', 'ouyang', 0.6], ['司马', 'sima', 0.2], ['诸葛', 'zhuge', 0.1], ['上官', 'shangguan', 0.1],
]

const MALE = '伟强磊军勇杰涛明超刚建国辉鹏浩博俊志海峰亮成斌鑫飞宇昊泽轩德永荣鸿文华平林云春宁瑞凯晨阳'
const FEMALE = '芳娜敏静丽艳娟秀霞桂英兰萍红玉燕慧婷丹琳雪颖倩梅欣怡涵琪思佳雨淑珍凤嘉诺梓晓子一'

const PINYIN: Readonly<Record<string, string>> = {
  伟: 'wei', 强: 'qiang', 磊: 'lei', 军: 'jun', 勇: 'yong', 杰: 'jie', 涛: 'tao', 明: 'ming', 超: 'chao',
  刚: 'gang', 建: 'jian', 国: 'guo', 辉: 'hui', 鹏: 'peng', 浩: 'hao', 博: 'bo', 俊: 'jun', 志: 'zhi',
  海: 'hai', 峰: 'feng', 亮: 'liang', 成: 'cheng', 斌: 'bin', 鑫: 'xin', 飞: 'fei', 宇: 'yu', 昊: 'hao',
  泽: 'ze', 轩: 'xuan', 德: 'de', 永: 'yong', 荣: 'rong', 鸿: 'hong', 文: 'wen', 华: 'hua', 平: 'ping',
  林: 'lin', 云: 'yun', 春: 'chun', 宁: 'ning', 瑞: 'rui', 凯: 'kai', 晨: 'chen', 阳: 'yang',
  芳: 'fang', 娜: 'na', 敏: 'min', 静: 'jing', 丽: 'li', 艳: 'yan', 娟: 'juan', 秀: 'xiu', 霞: 'xia',
  桂: 'gui', 英: 'ying', 兰: 'lan', 萍: 'ping', 红: 'hong', 玉: 'yu', 燕: 'yan', 慧: 'hui', 婷: 'ting',
  丹: 'dan', 琳: 'lin', 雪: 'xue', 颖: 'ying', 倩: 'qian', 梅: 'mei', 欣: 'xin', 怡: 'yi', 涵: 'han',
  琪: 'qi', 思: 'si', 佳: 'jia', 雨: 'yu', 淑: 'shu', 珍: 'zhen', 凤: 'feng', 嘉: 'jia', 诺: 'nuo',
  梓: 'zi', 晓: 'xiao', 子: 'zi', 一: 'yi',
}

/** Name characters outside the BMP (CJK Extension B/C/E), with a reading. */
export const NON_BMP_NAME_CHARS: readonly (readonly [string, string])[] = [
  ['𠮷', 'ji'], ['𪚥', 'zhe'], ['𫖮', 'yi'], ['𡈼', 'ting'], ['𬀩', 'yan'],
]

/** Probability that a generated name contains a non-BMP character. */
export const NON_BMP_RATE = 1 / 200

export interface PersonName {
  /** e.g. 张伟 */
  readonly name: string
  /** pinyin syllables: surname first, e.g. ['zhang', 'wei'] */
  readonly pinyin: readonly string[]
  readonly sex: Sex
}

const pickSurname = weightedPicker<readonly [string, string]>(
  SURNAMES.map(([s, p, w]) => [[s, p] as const, w] as const) as Weighted<readonly [string, string]>,
)
const MALE_CHARS = Array.from(MALE)
const FEMALE_CHARS = Array.from(FEMALE)

/** A name with its pinyin (for e-mail addresses) and the sex it was chosen for. */
export function personNameDetailed(rng: Rng, sex?: Sex): PersonName {
  const s: Sex = sex ?? (rng.chance(0.5) ? 'M' : 'F')
  const [surname, surnamePinyin] = pickSurname(rng)
  const pool = s === 'M' ? MALE_CHARS : FEMALE_CHARS
  const count = rng.chance(0.28) ? 1 : 2
  const given: string[] = []
  for (let i = 0; i < count; i++) given.push(rng.pick(pool))
  const pinyin = [surnamePinyin, ...given.map((c) => PINYIN[c] ?? 'x')]
  if (rng.chance(NON_BMP_RATE)) {
    const [c, p] = rng.pick(NON_BMP_NAME_CHARS)
    const at = rng.int(0, given.length - 1)
    given[at] = c
    pinyin[at + 1] = p
  }
  return { name: surname + given.join(''), pinyin, sex: s }
}

/** A Chinese personal name, e.g. 王芳, 欧阳俊杰, 李𠮷. */
export function personName(rng: Rng, sex?: Sex): string {
  return personNameDetailed(rng, sex).name
}

/** Number of Unicode code points (not UTF-16 units). */
export function codePointLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** true when the string contains a character outside the BMP. */
export function hasNonBmp(s: string): boolean {
  for (const ch of s) if ((ch.codePointAt(0) as number) > 0xffff) return true
  return false
}

/** A surname, for names such as 张氏口腔诊所. */
export function surname(rng: Rng): string {
  return pickSurname(rng)[0]
}
