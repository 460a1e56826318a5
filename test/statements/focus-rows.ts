import type { TestResponse, TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';

/**
 * FOCUS 1.2 cost and usage exports shaped like the FOCUS working group's published samples
 * (FOCUS-Sample-Data, FOCUS-1.2/focus_sample_costandusage_*_1000.csv): the same 57 columns in the same
 * order, the same kinds of values (payer and linked accounts, hourly charge periods in UTC, six-decimal
 * costs, JSON SkuPriceDetails and Tags), with a provider's `x_…` columns appended where a test needs them.
 * The rows themselves are written here, not copied.
 */
export const FOCUS_12_COLUMNS = [
  'ProviderName', 'PublisherName', 'InvoiceIssuerName', 'InvoiceId', 'BillingAccountId', 'BillingAccountName', 'BillingAccountType',
  'SubAccountId', 'SubAccountName', 'SubAccountType', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost',
  'ListUnitPrice', 'ContractedUnitPrice', 'PricingCategory', 'PricingQuantity', 'PricingUnit', 'PricingCurrency',
  'PricingCurrencyContractedUnitPrice', 'PricingCurrencyEffectiveCost', 'PricingCurrencyListUnitPrice', 'BillingCurrency',
  'ConsumedQuantity', 'ConsumedUnit', 'ServiceName', 'ServiceCategory', 'ServiceSubcategory', 'SkuId', 'SkuMeter', 'SkuPriceId',
  'SkuPriceDetails', 'ResourceId', 'ResourceName', 'ResourceType', 'RegionId', 'RegionName', 'AvailabilityZone', 'CommitmentDiscountId',
  'CommitmentDiscountName', 'CommitmentDiscountCategory', 'CommitmentDiscountType', 'CommitmentDiscountStatus',
  'CommitmentDiscountQuantity', 'CommitmentDiscountUnit', 'CapacityReservationId', 'CapacityReservationStatus', 'Tags',
] as const;

export type FocusRow = Partial<Record<(typeof FOCUS_12_COLUMNS)[number] | `x_${string}`, string>>;

/** The kinds of charge the tests mix: which FOCUS service columns each carries. */
export const SERVICES = {
  gpuPlatform: { ServiceName: '智算平台', ServiceCategory: 'AI and Machine Learning', ServiceSubcategory: 'AI Platforms', SkuMeter: 'GPU Hours', ConsumedUnit: 'Hours' },
  gpuInstance: { ServiceName: '弹性 GPU 云服务器', ServiceCategory: 'Compute', ServiceSubcategory: 'Virtual Machines', SkuMeter: 'GPU Instance', ConsumedUnit: 'Hours' },
  vm: { ServiceName: '云服务器', ServiceCategory: 'Compute', ServiceSubcategory: 'Virtual Machines', SkuMeter: 'Compute', ConsumedUnit: 'Hours' },
  objectStorage: { ServiceName: '对象存储', ServiceCategory: 'Storage', ServiceSubcategory: 'Object Storage', SkuMeter: 'Storage', ConsumedUnit: 'GB-Mo' },
  nat: { ServiceName: 'NAT 网关', ServiceCategory: 'Networking', ServiceSubcategory: 'Network Connectivity', SkuMeter: 'Data Transfer', ConsumedUnit: 'GB' },
} satisfies Record<string, FocusRow>;

let seq = 0;
/** One row with the sample's defaults: a Usage charge in CNY for one hour of 2026-06-03 (UTC). */
export function focusRow(over: FocusRow): FocusRow {
  seq++;
  const hour = String(seq % 24).padStart(2, '0');
  const next = String((seq % 24) + 1).padStart(2, '0');
  const end = next === '24' ? '2026-06-04T00:00:00Z' : `2026-06-03T${next}:00:00Z`;
  return {
    ProviderName: '闽算云', PublisherName: '闽算云', InvoiceIssuerName: '福州智算服务有限公司',
    BillingAccountName: 'payer', BillingAccountType: 'Payer Account', SubAccountName: 'linked', SubAccountType: 'Linked Account',
    BillingPeriodStart: '2026-06-01T00:00:00Z', BillingPeriodEnd: '2026-07-01T00:00:00Z',
    ChargePeriodStart: `2026-06-03T${hour}:00:00Z`, ChargePeriodEnd: end,
    ChargeCategory: 'Usage', ChargeDescription: 'usage', ChargeFrequency: 'Usage-Based',
    PricingCategory: 'Standard', PricingQuantity: '1.0000', PricingUnit: 'Hours', PricingCurrency: 'CNY', BillingCurrency: 'CNY',
    ConsumedQuantity: '1.0000', SkuId: `SKU-${seq}`, SkuPriceId: `SPRICE-${seq}`,
    SkuPriceDetails: '{"InstanceType":"gn7.8xlarge","CoreCount":32}', ResourceId: `res-${seq}`, ResourceName: `res-${seq}`,
    ResourceType: 'Instance', RegionId: 'cn-fuzhou', RegionName: '福州', Tags: '{"Environment":"prod","CostCenter":"cc-1042"}',
    ...over,
    EffectiveCost: over.BilledCost ?? '0', ListCost: over.BilledCost ?? '0', ContractedCost: over.BilledCost ?? '0',
  };
}

function cell(v: string | undefined): string {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A CSV export: the FOCUS 1.2 columns, then the `x_…` columns named in `extra`, one line per row. */
export function focusCsv(rows: FocusRow[], extra: string[] = []): string {
  const columns = [...FOCUS_12_COLUMNS, ...extra] as string[];
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell((r as Record<string, string>)[c])).join(','));
  return `${lines.join('\n')}\n`;
}

export interface SigningKey {
  keyId: string;
  secret: string;
}

// Each signature gets a second of its own inside the 300 s window, so two requests are never one replayed.
let signedAt = Math.floor(Date.now() / 1000) - 280;
export function signed(key: SigningKey, body: string): Record<string, string> {
  signedAt = Math.max(signedAt + 1, Math.floor(Date.now() / 1000) - 280);
  return providerHeaders(key.keyId, key.secret, body, signedAt);
}

export const FOCUS_TYPE = 'text/csv; profile=focus';

/** PUT (or with `validate`, the dry run) of a signed body of the given type. */
export function sendStatement(
  rt: TestRuntime,
  key: SigningKey,
  statementId: string,
  body: string,
  o: { type?: string; validate?: boolean; query?: string; headers?: Record<string, string> } = {},
): Promise<TestResponse> {
  const path = `/v1/statements/${statementId}${o.validate ? '/validate' : ''}${o.query ? `?${o.query}` : ''}`;
  return rt.request(o.validate ? 'POST' : 'PUT', path, {
    token: null,
    headers: { ...(o.headers ?? signed(key, body)), 'content-type': o.type ?? FOCUS_TYPE },
    body,
  });
}

/** Signed provider GET (empty body) or PUT of JSON, for the provider's own routes. */
export function providerCall(rt: TestRuntime, key: SigningKey, method: string, path: string, json?: unknown): Promise<TestResponse> {
  const body = json === undefined ? '' : JSON.stringify(json);
  return rt.request(method, path, {
    token: null,
    headers: { ...signed(key, body), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(json === undefined ? {} : { body }),
  });
}
