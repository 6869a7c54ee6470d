import { REPLY_WORKING_DAYS } from '../../access/working-days.ts'
import type { Bilingual } from './lang.ts'

/**
 * The use agreement for conditionally open data (有条件开放数据使用协议), in one place: the apply
 * section shows it, and applying accepts it (`accept_agreement: true`). What the applicant promises,
 * and what the platform promises in return (a reply within 20 working days, 政府信息公开条例 Art. 33).
 */
export const USE_AGREEMENT = {
  title: { zh: '有条件开放数据使用协议', en: 'Use agreement for conditionally open data' },
  intro: {
    zh: '提交申请即表示申请人（API Key 持有人）承诺：',
    en: 'By applying, the applicant (the holder of the API key) promises to:',
  },
  promises: [
    {
      zh: '仅将数据用于申请中写明的用途，用途变化时重新申请；',
      en: 'use the data only for the purpose stated in the application, and apply again if the purpose changes;',
    },
    {
      zh: '不以任何方式重新识别数据中的个人或组织，不将数据与其他数据关联以推断其身份；',
      en: 'not re-identify any person or organisation in the data, nor link it with other data to infer who they are;',
    },
    {
      zh: '不向第三方提供、转载或公开发布数据中的记录行，只公开汇总后的结果；',
      en: 'not pass on, republish or publish rows of the data; only aggregated results may be published;',
    },
    {
      zh: '妥善保管数据和 API Key，采取必要的安全措施防止泄露；',
      en: 'keep the data and the API key secure and take the measures needed to prevent leaks;',
    },
    {
      zh: '授权到期或用途完成后，删除所获取的数据及其副本；',
      en: 'delete the data and every copy of it when the grant ends or the purpose is fulfilled;',
    },
    {
      zh: '在使用数据形成的成果中注明数据提供单位和本平台；',
      en: 'cite the data provider and this platform in any work that uses the data;',
    },
    {
      zh: '知悉并同意：每一次读取数据都会被记录（审计日志），管理部门可据此检查使用情况，违反协议将撤销授权。',
      en: 'accept that every read of the data is recorded (audit log), that administrators may review that use, and that a breach of this agreement ends the grant.',
    },
  ],
  deadline: {
    zh: `答复期限：平台自收到申请之日起 ${REPLY_WORKING_DAYS} 个工作日内予以答复（《中华人民共和国政府信息公开条例》第三十三条），批准时写明授权有效期，不予批准时说明理由。`,
    en: `Reply deadline: the platform replies within ${REPLY_WORKING_DAYS} working days of receiving the application (Regulations on the Disclosure of Government Information, Art. 33); an approval states until when the grant runs, a refusal states its reason.`,
  },
} as const satisfies { title: Bilingual; intro: Bilingual; promises: readonly Bilingual[]; deadline: Bilingual }
