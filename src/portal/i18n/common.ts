import type { UPDATE_FREQUENCIES } from '../../catalog/schema.ts'
import type { Grade, OpenAttribute } from '../../config/grades.ts'
import type { Bilingual } from './lang.ts'

/** Words every page shares: the site, its navigation, and what grades and open attributes mean for access. */
export const SITE = {
  name: { zh: '公开 · 公共数据开放平台', en: 'Gongkai · Open government data' },
  short: { zh: '公开', en: 'Gongkai' },
  skip: { zh: '跳到正文', en: 'Skip to content' },
  home: { zh: '首页', en: 'Home' },
  datasets: { zh: '数据目录', en: 'Datasets' },
  account: { zh: '我的账户', en: 'My account' },
  apiDocs: { zh: 'API 文档', en: 'API documentation' },
  switchLang: { zh: 'English', en: '中文' },
  switchLangLabel: { zh: 'Switch to English', en: '切换到中文' },
  mainNav: { zh: '主导航', en: 'Main navigation' },
  footer: {
    zh: '数据由各提供单位依法开放；个人信息已在入库时脱敏。',
    en: 'Data is opened by each provider under the law; personal information is desensitised on ingest.',
  },
  harvest: { zh: '目录元数据（DCAT / data.json）', en: 'Catalogue metadata (DCAT / data.json)' },
} as const satisfies Record<string, Bilingual>

/** Grades in plain words: what disclosure would harm, and what that means for who may read the rows. */
export const GRADE_TEXT: Readonly<Record<Grade, { label: Bilingual; meaning: Bilingual; access: Bilingual }>> = {
  1: {
    label: { zh: '一级', en: 'Grade 1' },
    meaning: { zh: '公开后无危害（如已公布的法规、统计数据）', en: 'No harm if disclosed (published regulations, statistics)' },
    access: { zh: '一级：任何人可直接访问和下载，无需注册', en: 'Grade 1: anyone may read and download it, no registration needed' },
  },
  2: {
    label: { zh: '二级', en: 'Grade 2' },
    meaning: { zh: '公开后危害轻微', en: 'Minor harm if disclosed' },
    access: { zh: '二级：注册 API Key 后可访问', en: 'Grade 2: readable with any registered API key' },
  },
  3: {
    label: { zh: '三级', en: 'Grade 3' },
    meaning: { zh: '公开后对个人或组织造成严重危害', en: 'Serious harm to persons or organisations if disclosed' },
    access: { zh: '三级：需申请并获批准后，凭 API Key 在有效期内访问', en: 'Grade 3: readable with an API key holding an approved, unexpired grant' },
  },
  4: {
    label: { zh: '四级', en: 'Grade 4' },
    meaning: { zh: '公开后造成特别严重危害', en: 'Very serious harm if disclosed' },
    access: { zh: '四级：不予开放，仅公开目录信息', en: 'Grade 4: not opened; only its catalogue entry is public' },
  },
}

export const OPEN_TEXT: Readonly<Record<OpenAttribute, { label: Bilingual; meaning: Bilingual }>> = {
  unconditional: {
    label: { zh: '无条件开放', en: 'Open' },
    meaning: { zh: '可直接获取，无需申请', en: 'Available without applying' },
  },
  conditional: {
    label: { zh: '有条件开放', en: 'Conditionally open' },
    meaning: { zh: '需提交用途申请并接受使用协议，经审核批准后访问', en: 'Apply with a purpose and accept the use agreement; readable once approved' },
  },
  closed: {
    label: { zh: '不予开放', en: 'Closed' },
    meaning: { zh: '数据不开放，目录信息公开', en: 'The data is not opened; its catalogue entry is public' },
  },
}

/** The catalog's update_frequency in words, as a label (facets, cards, the dataset overview). */
export const FREQUENCY_TEXT: Readonly<Record<(typeof UPDATE_FREQUENCIES)[number], Bilingual>> = {
  realtime: { zh: '实时', en: 'Real time' },
  daily: { zh: '每日', en: 'Daily' },
  weekly: { zh: '每周', en: 'Weekly' },
  monthly: { zh: '每月', en: 'Monthly' },
  quarterly: { zh: '每季度', en: 'Quarterly' },
  'half-yearly': { zh: '每半年', en: 'Every six months' },
  yearly: { zh: '每年', en: 'Yearly' },
  irregular: { zh: '不定期', en: 'Irregularly' },
}
