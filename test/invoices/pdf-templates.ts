/**
 * Invoice layouts for parser tests, modelled on the printed forms of both generations (positions
 * taken from real invoices): 数电 with buyer and seller side by side, legacy with the 密码区
 * beside the buyer and the 备注 beside the seller, and the legacy 销货清单 list page. The forms
 * themselves live with the test-data generator (test/generators/forms), which also writes them
 * as OFD; here they become PDF pages.
 */
import { digitalSheet } from '../generators/forms/digital-form.js';
import { legacySheets } from '../generators/forms/legacy-form.js';
import { toPageSpec } from '../generators/forms/sheet.js';
import type { SynthInvoice } from '../generators/forms/synth-invoice.js';
import type { PageSpec } from './pdf-synthetic.js';

export { textWidth, wrap } from '../generators/forms/sheet.js';
export { expectedItem, type SynthInvoice, type SynthItem } from '../generators/forms/synth-invoice.js';

/** 数电: 595 x 397, buyer left / seller right, 开票人 only. */
export function digitalInvoice(inv: SynthInvoice): PageSpec[] {
  return [toPageSpec(digitalSheet(inv), inv.order)];
}

/** Legacy e-invoice: 609 x 394, 密码区 beside the buyer, 备注 beside the seller, full footer. */
export function legacyInvoice(inv: SynthInvoice): PageSpec[] {
  return legacySheets(inv).map((page) => toPageSpec(page, inv.order));
}
