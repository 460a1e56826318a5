import { list, nameOf, SERVICE_TYPE_NAMES, yuanText } from '../rules/words.js';
import type { BreakCode } from './types.js';

/**
 * A reconciliation break as a Chinese sentence, built from the figures its details hold (as stored: fen as
 * numbers, dates as strings). Breaks are many and written on the hot path, so the sentence is made when a
 * page or a letter shows one, not stored; internal ids in the details are never named, only invoice
 * numbers, statement numbers, amounts and dates.
 */

type Details = Readonly<Record<string, unknown>>;

export const BREAK_NAMES: Record<BreakCode, string> = {
  AMOUNT_MISMATCH: '金额不一致', BUYER_MISMATCH: '购买方不一致', DATE_OUTSIDE_PERIOD: '日期不在账单期内', DUPLICATE_INVOICE: '发票重复',
  INVOICE_UNMATCHED: '发票无对应账单行', LINE_UNMATCHED: '账单行无对应发票', SELLER_NOT_PROVIDER: '销售方不是服务商',
  SERVICE_NOT_INTELLIGENT: '非智能算力服务', SERVICE_TYPE_DISAGREES: '服务类型与发票品名不符',
};

export const BREAK_CODES = Object.keys(BREAK_NAMES) as BreakCode[];

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const money = (v: unknown): string => {
  const fen = num(v);
  return fen === null ? '（金额不详）' : yuanText(fen);
};
const invoice = (d: Details): string => (str(d.invoiceNumber) ? `发票 ${str(d.invoiceNumber)}` : '这张发票');
const statement = (d: Details): string => (str(d.statementId) ? `账单 ${str(d.statementId)}` : '服务商账单');
const types = (v: unknown): string => list(strs(v).map((t) => nameOf(SERVICE_TYPE_NAMES, t))) || '（未注明）';

const ITEMS_SAY: Record<string, string> = { intelligent: '智能算力服务', general: '通用算力、存储或网络等非智能算力服务', unclear: '无法判断的服务' };

/** The other breaks an unmatched invoice or line carries, named. */
function because(d: Details): string {
  const codes = strs(d.reasons).filter((c): c is BreakCode => c in BREAK_NAMES);
  return codes.length ? `，原因：${list(codes.map((c) => BREAK_NAMES[c]))}` : '';
}

export function breakText(code: string, details: unknown): string {
  const d: Details = details && typeof details === 'object' ? (details as Details) : {};
  switch (code as BreakCode) {
    case 'INVOICE_UNMATCHED':
      return `${invoice(d)}（${str(d.issueDate) ?? '日期不详'} 开具，价税合计 ${money(d.totalWithTax)}）在算力服务商的账单中没有找到对应的账单行${because(d)}，暂不能计入经核验的采购`;
    case 'LINE_UNMATCHED': {
      const named = str(d.invoiceNumber) ? `，账单行所列发票号码 ${str(d.invoiceNumber)}` : '，账单行未列发票号码';
      const notFound = strs(d.notFound).length ? `，其中 ${list(strs(d.notFound))} 未在系统中找到` : '';
      return `${statement(d)} 中 ${str(d.issueDate) ?? '日期不详'} 的账单行（${money(d.amount)}）没有找到对应的发票${named}${notFound}${because(d)}`;
    }
    case 'AMOUNT_MISMATCH': {
      const invoices = strs(d.invoiceIds).length || 1;
      const lines = Array.isArray(d.lineIds) ? d.lineIds.length || 1 : 1;
      return `${invoices} 张发票合计 ${money(d.invoiceTotal)}，与 ${lines} 个账单行合计 ${money(d.lineTotal)}相差 ${money(d.difference)}，超过允许的 ${money(d.tolerance)}误差`;
    }
    case 'BUYER_MISMATCH':
      return `${invoice(d)} 的购买方 ${str(d.buyerTaxId) ?? '（缺失）'} 与账单所列客户 ${str(d.customerUscc) ?? '（缺失）'} 不一致，不能相互核验`;
    case 'SELLER_NOT_PROVIDER':
      return str(d.providerUscc)
        ? `${invoice(d)} 的销售方 ${str(d.sellerTaxId) ?? '（缺失）'} 不是出具${statement(d)}的服务商 ${str(d.providerUscc)}，不能相互核验`
        : `发票的销售方 ${str(d.sellerTaxId) ?? '（缺失）'} 不是已登记的算力服务商，没有账单可以核验这张发票`;
    case 'SERVICE_NOT_INTELLIGENT':
      return `账单行的服务类型为${types([d.serviceType])}，不属于可补助的智能算力服务（${types(d.eligibleServiceTypes)}），不计入`;
    case 'SERVICE_TYPE_DISAGREES': {
      const names = strs(d.itemNames).length ? `发票品名「${list(strs(d.itemNames))}」` : '发票品名';
      return `账单行的服务类型为${types(d.lineServiceTypes)}，而${names}看起来是${ITEMS_SAY[str(d.itemsSay) ?? ''] ?? '其他服务'}；以服务商账单的分类为准，请核对`;
    }
    case 'DUPLICATE_INVOICE': {
      if (Array.isArray(d.holders) || Array.isArray(d.invoiceIds)) {
        const copies = strs(d.invoiceIds).length;
        const holders = strs(d.holders).length;
        return `${invoice(d)} 在系统中有 ${copies || '多'} 份副本${holders > 1 ? `，分别由 ${holders} 家企业上传` : ''}，同一张发票只能计入一次`;
      }
      return `${invoice(d)} 已与其他账单行匹配，这一账单行不能再次核验它`;
    }
    case 'DATE_OUTSIDE_PERIOD': {
      const what = d.subject === 'line' ? '账单行的日期' : '发票的开具日期';
      return `${what} ${str(d.date) ?? '（不详）'} 不在${statement(d)}的账期 ${str(d.periodStart) ?? '不详'} 至 ${str(d.periodEnd) ?? '不详'} 之内`;
    }
    default:
      return `对账发现一处待核查的问题（${code}）`;
  }
}
