/**
 * Invoice identities as the issuing systems form them:
 * - 数电 发票号码, 20 digits: year (2), province (2), channel (1), then a sequence;
 * - legacy 发票代码, 12 digits: 0, region (4), year (2), batch (2), kind (3); 发票号码 8 digits;
 *   校验码 20 digits (printed in groups of five); 机器编号 12 digits; the 密码区 cipher;
 * - titles: '电子发票（增值税专用发票）' / '电子发票（普通发票）', legacy '<region>增值税电子专用发票'.
 */
import type { Rng } from './random.js';
import type { IssuingRegion } from './regions.js';
import type { InvoiceKind } from './model.js';

export function digitalNumber(rng: Rng, region: IssuingRegion, issueDate: string): string {
  return `${issueDate.slice(2, 4)}${region.province}2000000${rng.digits(9)}`;
}

export function legacyCode(region: IssuingRegion, issueDate: string, kind: InvoiceKind): string {
  return `0${region.codeRegion}${issueDate.slice(2, 4)}00${kind === 'special' ? '311' : '111'}`;
}

export const legacyNumber = (rng: Rng): string => rng.digits(8);
export const checkCode = (rng: Rng): string => rng.digits(20);
export const machineNumber = (rng: Rng): string => `${rng.int(1, 9)}${rng.digits(11)}`;
/** 红字发票信息确认单编号. */
export const confirmationNumber = (rng: Rng, region: IssuingRegion): string => `${region.codeRegion}${rng.digits(16)}`;

/** '12345678901234567890' → '12345 67890 12345 67890', as legacy forms print it. */
export const groupedCheckCode = (code: string): string => code.replace(/(\d{5})(?=\d)/gu, '$1 ');

const CIPHER_CHARS = '0123456789+-*/<>';

/** Four lines of 27 characters, as the 密码区 prints them. */
export function cipherLines(rng: Rng): string[] {
  return Array.from({ length: 4 }, () => rng.chars(CIPHER_CHARS, 27));
}

export function digitalTitle(kind: InvoiceKind): string {
  return kind === 'special' ? '电子发票（增值税专用发票）' : '电子发票（普通发票）';
}

export function legacyTitle(region: IssuingRegion, kind: InvoiceKind): string {
  return `${region.name}增值税电子${kind === 'special' ? '专用' : '普通'}发票`;
}
