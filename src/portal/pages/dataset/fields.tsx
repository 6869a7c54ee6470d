import type { CatalogField, FieldType } from '../../../catalog/schema.ts'
import type { DatasetRecord, PublicField } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import { localized, type Bilingual, type Lang } from '../../i18n/lang.ts'
import { describeRule, isDesensitised, PII_TEXT } from '../../i18n/rules.ts'

export const FIELDS_TEXT = {
  heading: { zh: '字段说明', en: 'Field dictionary' },
  caption: { zh: '每个字段的含义、类型、约束和脱敏方式', en: 'What each field means, its type, constraints and desensitisation' },
  name: { zh: '字段名', en: 'Name' },
  title: { zh: '名称', en: 'Title' },
  type: { zh: '类型', en: 'Type' },
  unit: { zh: '单位', en: 'Unit' },
  description: { zh: '说明', en: 'Description' },
  constraints: { zh: '约束', en: 'Constraints' },
  flags: { zh: '查询', en: 'Querying' },
  protection: { zh: '脱敏', en: 'Desensitisation' },
  primaryKey: { zh: '主键', en: 'primary key' },
  indexed: { zh: '可筛选（有索引）', en: 'filterable (indexed)' },
  searchable: { zh: '可全文搜索', en: 'full-text searchable' },
  required: { zh: '必填', en: 'required' },
  unique: { zh: '唯一', en: 'unique' },
  minimum: { zh: '最小值', en: 'minimum' },
  maximum: { zh: '最大值', en: 'maximum' },
  minLength: { zh: '最短', en: 'shortest' },
  maxLength: { zh: '最长', en: 'longest' },
  characters: { zh: '个字符', en: 'characters' },
  pattern: { zh: '格式', en: 'pattern' },
  enum: { zh: '可选值', en: 'one of' },
  piiKind: { zh: '个人信息类型', en: 'personal data' },
  noFields: { zh: '没有公开的字段。', en: 'No published fields.' },
  fromCatalog: {
    zh: '尚无已发布版本，以下是目录中声明的字段（删除的字段不列出）。',
    en: 'No version is published yet; these are the fields the catalogue declares (dropped ones left out).',
  },
} as const satisfies Record<string, Bilingual>

export const TYPE_TEXT: Readonly<Record<FieldType, Bilingual>> = {
  string: { zh: '文本', en: 'text' },
  integer: { zh: '整数', en: 'integer' },
  number: { zh: '数值（可带小数）', en: 'number (decimals allowed)' },
  boolean: { zh: '是/否', en: 'yes/no' },
  date: { zh: '日期（YYYY-MM-DD）', en: 'date (YYYY-MM-DD)' },
  datetime: { zh: '日期时间', en: 'date and time' },
  year: { zh: '年份', en: 'year' },
}

/** A row of the dictionary: the published field (its type after the rule) with what only the catalog knows. */
export interface DictionaryField extends PublicField {
  constraints?: CatalogField['constraints']
  reason?: string
}

/** The published fields of the current version, else those the catalog declares (as the API's metadata lists them). */
export function dictionaryFields(dataset: DatasetRecord): DictionaryField[] {
  const declared = new Map(dataset.entry.fields.map((f) => [f.name, f]))
  const published: PublicField[] = dataset.current?.fields ?? dataset.entry.fields.filter((f) => f.rule !== 'drop').map((f) => ({
    name: f.name, type: f.type, title: f.title,
    ...(f.title_en ? { title_en: f.title_en } : {}), ...(f.description ? { description: f.description } : {}),
    ...(f.unit ? { unit: f.unit } : {}), ...(f.pii ? { pii: f.pii } : {}),
    rule: f.rule ?? 'keep', index: f.index === true, searchable: f.searchable === true,
  }))
  return published.map((f) => {
    const catalog = declared.get(f.name)
    return {
      ...f,
      ...(catalog?.constraints ? { constraints: catalog.constraints } : {}),
      ...(catalog?.reason ? { reason: catalog.reason } : {}),
    }
  })
}

function constraintWords(lang: Lang, c: CatalogField['constraints']): string[] {
  if (!c) return []
  const w = (b: Bilingual) => b[lang]
  const sep = lang === 'zh' ? '：' : ': '
  const words: string[] = []
  if (c.required) words.push(w(FIELDS_TEXT.required))
  if (c.unique) words.push(w(FIELDS_TEXT.unique))
  if (c.minimum !== undefined) words.push(`${w(FIELDS_TEXT.minimum)}${sep}${c.minimum}`)
  if (c.maximum !== undefined) words.push(`${w(FIELDS_TEXT.maximum)}${sep}${c.maximum}`)
  if (c.minLength !== undefined) words.push(`${w(FIELDS_TEXT.minLength)}${sep}${c.minLength} ${w(FIELDS_TEXT.characters)}`)
  if (c.maxLength !== undefined) words.push(`${w(FIELDS_TEXT.maxLength)}${sep}${c.maxLength} ${w(FIELDS_TEXT.characters)}`)
  if (c.pattern !== undefined) words.push(`${w(FIELDS_TEXT.pattern)}${sep}${c.pattern}`)
  if (c.enum !== undefined) words.push(`${w(FIELDS_TEXT.enum)}${sep}${c.enum.map(String).join(lang === 'zh' ? '、' : ', ')}`)
  return words
}

export function FieldsSection({ ctx, dataset }: { ctx: PageContext; dataset: DatasetRecord }) {
  const { t } = ctx
  const fields = dictionaryFields(dataset)
  const pk = dataset.current?.primaryKey ?? dataset.entry.primary_key
  return (
    <section id="fields" aria-labelledby="fields-heading">
      <h2 id="fields-heading">{t(FIELDS_TEXT.heading)}</h2>
      {dataset.current ? null : <p class="muted">{t(FIELDS_TEXT.fromCatalog)}</p>}
      {fields.length === 0 ? <p class="muted">{t(FIELDS_TEXT.noFields)}</p> : (
        <div class="table-wrap">
          <table id="field-dictionary">
            <caption>{t(FIELDS_TEXT.caption)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(FIELDS_TEXT.name)}</th>
                <th scope="col">{t(FIELDS_TEXT.title)}</th>
                <th scope="col">{t(FIELDS_TEXT.type)}</th>
                <th scope="col">{t(FIELDS_TEXT.unit)}</th>
                <th scope="col">{t(FIELDS_TEXT.description)}</th>
                <th scope="col">{t(FIELDS_TEXT.constraints)}</th>
                <th scope="col">{t(FIELDS_TEXT.flags)}</th>
                <th scope="col">{t(FIELDS_TEXT.protection)}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => {
                const constraints = constraintWords(ctx.lang, f.constraints)
                const flags = [
                  ...(f.name === pk ? [t(FIELDS_TEXT.primaryKey)] : []),
                  ...(f.index ? [t(FIELDS_TEXT.indexed)] : []),
                  ...(f.searchable ? [t(FIELDS_TEXT.searchable)] : []),
                ]
                const masked = isDesensitised(f.rule)
                return (
                  <tr data-field={f.name}>
                    <th scope="row"><code>{f.name}</code></th>
                    <td>{localized(ctx.lang, f.title, f.title_en)}</td>
                    <td>{t(TYPE_TEXT[f.type])}</td>
                    <td>{f.unit ?? ''}</td>
                    <td>{f.description ?? ''}</td>
                    <td>{constraints.length > 0 ? <ul class="constraints">{constraints.map((c) => <li>{c}</li>)}</ul> : ''}</td>
                    <td>{flags.length > 0 ? <ul class="flags">{flags.map((c) => <li>{c}</li>)}</ul> : ''}</td>
                    <td class={masked ? 'rule rule-desensitised' : 'rule'}>
                      {t(describeRule(f))}
                      {f.pii && f.pii !== 'none' ? <><br /><span class="muted">{t(FIELDS_TEXT.piiKind)}{ctx.lang === 'zh' ? '：' : ': '}{t(PII_TEXT[f.pii])}</span></> : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
