/** The default theme taxonomy (主题分类) of SPEC §3, with English labels. */
export interface Theme {
  readonly name: string
  readonly name_en: string
}

export const THEMES: readonly Theme[] = [
  { name: '经济建设', name_en: 'Economic development' },
  { name: '财税金融', name_en: 'Finance and taxation' },
  { name: '市场监管', name_en: 'Market regulation' },
  { name: '信用服务', name_en: 'Credit services' },
  { name: '交通运输', name_en: 'Transport' },
  { name: '生态环境', name_en: 'Ecology and environment' },
  { name: '教育科技', name_en: 'Education, science and technology' },
  { name: '卫生健康', name_en: 'Health' },
  { name: '社会保障', name_en: 'Social security' },
  { name: '城建住房', name_en: 'Urban construction and housing' },
  { name: '文化休闲', name_en: 'Culture and leisure' },
  { name: '公共安全', name_en: 'Public safety' },
  { name: '农业农村', name_en: 'Agriculture and rural affairs' },
  { name: '资源能源', name_en: 'Resources and energy' },
  { name: '机构团体', name_en: 'Institutions and organisations' },
  { name: '其他', name_en: 'Other' },
]
