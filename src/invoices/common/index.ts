export { normalizeText, normalizeOrNull, compactText, labelKey, foldForCompare, wordSpans } from './text.js';
export { normalizeAmount, isAsteriskText, amountFen, sameDecimal } from './amount.js';
export { fractionToPercent, isPercentRate, normalizePrintedRate } from './tax-rate.js';
export { parseRedInvoiceRemark, type OriginalInvoiceRef } from './red-invoice.js';
export { kindFromTitle, styleFromIdentifiers } from './kind.js';
export { parseInvoiceDate } from './dates.js';
export { cleanAmountWords, isAmountWords } from './amount-words.js';
export { normalizeTaxId } from './tax-id.js';
export { assembleFields, assembleItem, type InvoiceDraft, type ItemDraft } from './assemble.js';
export {
  parseXmlSafely,
  assertSafeXmlText,
  decodeXmlEntities,
  child,
  childrenNamed,
  pathOf,
  textAt,
  walk,
  type XmlElement,
  type XmlLimits,
} from './safe-xml.js';
export { decodeXmlBytes } from './decode.js';
export {
  compareFields,
  foldValue,
  sameFolded,
  COMPARED_FIELDS,
  type ComparedField,
  type FieldMismatch,
} from './compare.js';
