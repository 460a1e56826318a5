/**
 * 统一社会信用代码 (USCC), GB 32100-2015: 18 characters from a 31-character alphabet.
 *   1     registration authority (1–9, A–G, Y)
 *   2     institution type within that authority (91 = enterprise registered with market regulation)
 *   3–8   administrative division of registration (35xxxx = Fujian)
 *   9–17  organisation code, GB 11714 (8 characters + its own check digit)
 *   18    check character over 1–17
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const SHAPE = /^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/;

export type UsccProblem = 'INVALID_USCC';

/** The GB 32100 check character for the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error(`character outside the USCC alphabet: ${first17[i]}`);
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

function orgCharValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  return c.charCodeAt(0) - 55; // A = 10 … Z = 35
}

/** The GB 11714 check digit for an 8-character organisation code body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function isValidUscc(uscc: string): boolean {
  if (!SHAPE.test(uscc)) return false;
  if (usccCheckChar(uscc.slice(0, 17)) !== uscc[17]) return false;
  return orgCodeCheckChar(uscc.slice(8, 16)) === uscc[16];
}

/** Builds a valid USCC from a prefix of 16 characters (authority, type, region, org body). */
export function completeUscc(first16: string): string {
  const body = first16.slice(8, 16);
  const first17 = first16 + orgCodeCheckChar(body);
  return first17 + usccCheckChar(first17);
}

export type UnitKind =
  | 'enterprise'
  | 'individual_business'
  | 'farmer_cooperative'
  | 'government_agency'
  | 'public_institution'
  | 'social_organisation'
  | 'private_non_enterprise'
  | 'foundation'
  | 'other';

const KINDS: Record<string, UnitKind> = {
  '91': 'enterprise',
  '92': 'individual_business',
  '93': 'farmer_cooperative',
  '11': 'government_agency',
  '12': 'public_institution',
  '51': 'social_organisation',
  '52': 'private_non_enterprise',
  '53': 'foundation',
};

export const FUJIAN_CITIES: Record<string, string> = {
  '3501': '福州',
  '3502': '厦门',
  '3503': '莆田',
  '3504': '三明',
  '3505': '泉州',
  '3506': '漳州',
  '3507': '南平',
  '3508': '龙岩',
  '3509': '宁德',
};

export const PINGTAN_REGION = '350128';
export type Office = keyof typeof FUJIAN_CITIES | 'pingtan';
export type FundingSource = 'province' | 'xiamen';

export interface UsccInfo {
  uscc: string;
  kind: UnitKind;
  region: string;
  inFujian: boolean;
  /** City code 3501…3509, or null outside Fujian or for a province-level registration. */
  city: string | null;
  /** Reviewing office: the city code, or 'pingtan' for 平潭综合实验区. */
  office: string | null;
  fundingSource: FundingSource | null;
}

/** Reads what the code says about a unit; call only after `isValidUscc`. */
export function describeUscc(uscc: string): UsccInfo {
  const region = uscc.slice(2, 8);
  const inFujian = region.startsWith('35');
  const cityCode = region.slice(0, 4);
  const city = inFujian && cityCode in FUJIAN_CITIES ? cityCode : null;
  const office = city === null ? null : region === PINGTAN_REGION ? 'pingtan' : city;
  return {
    uscc,
    kind: KINDS[uscc.slice(0, 2)] ?? 'other',
    region,
    inFujian,
    city,
    office,
    fundingSource: city === null ? null : routeFunding(city),
  };
}

/** 六(二): Xiamen's projects are funded by Xiamen; every other office by the province. */
export function routeFunding(city: string): FundingSource {
  return city === '3502' ? 'xiamen' : 'province';
}
