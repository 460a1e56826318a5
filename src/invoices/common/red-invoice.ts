/**
 * Red-letter (negative) invoices name the invoice they reverse in 备注. Two forms exist:
 * 数电 `被红冲蓝字数电发票号码：<20 digits>` and legacy `对应正数发票代码:<12>号码:<8>`
 * (punctuation full- or half-width, sometimes with spaces in between).
 */
export interface OriginalInvoiceRef {
  originalInvoiceNumber: string;
  /** 12-digit (or 10-digit) code of a legacy original; null for a 数电 original. */
  originalInvoiceCode: string | null;
}

// '被红冲蓝字数电发票号码', '被红冲蓝字数电票号码', '被红冲蓝字全电发票号码' all occur.
const DIGITAL = /被红冲蓝字[^:：\d]{0,8}号码[:：]?\s*(\d{20})/u;
const LEGACY = /对应正数发票代码[:：]?\s*(\d{10,12})\s*[,，;；]?\s*号码[:：]?\s*(\d{8}|\d{20})/u;

export function parseRedInvoiceRemark(remarks: string | null | undefined): OriginalInvoiceRef | null {
  if (!remarks) return null;
  const text = remarks.normalize('NFKC');
  const legacy = LEGACY.exec(text);
  if (legacy) return { originalInvoiceCode: legacy[1]!, originalInvoiceNumber: legacy[2]! };
  const digital = DIGITAL.exec(text);
  if (digital) return { originalInvoiceCode: null, originalInvoiceNumber: digital[1]! };
  return null;
}
