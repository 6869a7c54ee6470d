/** Deterministic synthetic-data generators (no real people): see the individual modules. */
export { Rng, hashSeed, weightedPicker } from './random.ts'
export type { Weighted } from './random.ts'
export {
  CREDIT_CODE_CHARSET, creditCodeCheckChar, idCardCheckChar, isLuhnValid, isValidCreditCode, isValidDate,
  isValidIdCard, isValidOrgCode, luhnCheckDigit, orgCodeCheckChar,
} from './check-digits.ts'
export { codePointLength, hasNonBmp, NON_BMP_NAME_CHARS, NON_BMP_RATE, personName, personNameDetailed, surname } from './names.ts'
export type { PersonName, Sex } from './names.ts'
export { idCardBirthDate, idCardDetailed, idCardNumber, idCardSex } from './id-card.ts'
export type { IdCard, IdCardOptions } from './id-card.ts'
export { landlineNumber, MOBILE_PREFIXES, mobileNumber } from './phone.ts'
export { BANK_CARD_PREFIXES, bankCardNumber } from './bank-card.ts'
export type { BankCardOptions } from './bank-card.ts'
export { emailAddress, GOV_DOMAINS } from './email.ts'
export type { EmailOptions } from './email.ts'
export { districtPrefix, residentialAddress, streetAddress } from './address.ts'
export { licensePlate } from './plate.ts'
export type { PlateOptions } from './plate.ts'
export { creditCode } from './credit-code.ts'
export type { CreditCodeOptions, OrgKind } from './credit-code.ts'
export { companyName, INDUSTRIES, tradeName } from './company.ts'
export type { CompanyNameOptions } from './company.ts'
export {
  addDays, ageOn, civilFromDays, clockTime, dateBetween, datetimeBetween, dayBetween, daysFromCivil, epochDay, isoDate, weekday, workdayBetween,
} from './dates.ts'
export type { DatetimeOptions } from './dates.ts'
export {
  ALL_AREA_CODES, CITIES, CITY_KEYS, cityOf, DISTRICTS, districtByCode, OTHER_AREA_CODES, originAreaCode, pickDistrict,
} from './regions.ts'
export type { City, CityKey, District } from './regions.ts'
