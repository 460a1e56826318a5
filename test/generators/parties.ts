/**
 * Buyers, sellers and the people on an invoice. Tax ids are valid USCCs (both check characters);
 * a party given only by its USCC gets a name derived from the USCC itself, so every invoice of a
 * batch names the same enterprise the same way.
 */
import { completeUscc } from '../../src/domain/uscc.js';
import { Rng, hashSeed } from './random.js';
import { FUJIAN_AREAS, PROVIDER_AREAS, cityOf } from './regions.js';

export interface PartyInfo {
  name: string;
  taxId: string;
  address: string;
  phone: string;
  bank: string;
  account: string;
}

/** A party as a caller may give it: a USCC, or some fields of a party. */
export type PartyInput = string | (Partial<PartyInfo> & { taxId: string });

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid USCC of an enterprise (91) registered in `area` (6 digits). */
export function makeUscc(rng: Rng, area: string): string {
  const body = rng.chance(0.7) ? `MA${rng.chars(ORG_ALPHABET, 6)}` : rng.digits(8);
  return completeUscc(`91${area}${body}`);
}

const BUYER_BRANDS = ['闽算', '海峡', '榕智', '鹭岛', '清源', '武夷', '三坊', '丝路', '东南', '云谷', '星河', '海丝', '鼓山', '刺桐', '湄洲'];
const BUYER_TRADES = ['智能科技', '人工智能', '数据科技', '信息技术', '软件', '智能制造', '网络科技', '医疗科技', '大模型科技'];
const PROVIDER_BRANDS = ['智算', '云图', '算力', '天枢', '曜石', '星算', '极光', '海算', '弘算', '九章', '昆仑', '灵犀'];
const PROVIDER_TRADES = ['云计算', '智算科技', '数据中心', '算力科技', '云服务', '信息服务'];
const STREETS = ['软件大道89号', '高新大道6号', '观日路52号', '湖东路168号', '海西科技园2号楼', '乌龙江大道7号', '望海路21号'];
const BANKS = ['中国工商银行', '中国建设银行', '中国银行', '兴业银行', '招商银行', '中国农业银行', '交通银行'];
const SURNAMES = '陈林黄张李王吴刘蔡杨郑许谢洪郭邱曾廖赖周徐苏叶庄';
const GIVEN = ['晓', '芳', '伟', '敏', '静', '磊', '婷', '强', '燕', '军', '杰', '丽', '涛', '明', '霞', '斌', '颖', '鑫'];

export function personName(rng: Rng): string {
  const surname = rng.pick([...SURNAMES]);
  return rng.chance(0.4) ? surname + rng.pick(GIVEN) : surname + rng.pick(GIVEN) + rng.pick(GIVEN);
}

/** Name, address and account of the party with this tax id; the same id always gets the same. */
export function describeParty(taxId: string, role: 'buyer' | 'seller', given: Partial<PartyInfo> = {}): PartyInfo {
  const rng = new Rng(hashSeed(0, role, taxId));
  const area = /^[0-9A-Z]{2}(\d{6})/u.exec(taxId)?.[1] ?? '350100';
  const { name: city, phoneCode } = cityOf(area);
  const brand = rng.pick(role === 'buyer' ? BUYER_BRANDS : PROVIDER_BRANDS);
  const trade = rng.pick(role === 'buyer' ? BUYER_TRADES : PROVIDER_TRADES);
  const bank = rng.pick(BANKS);
  return {
    name: given.name ?? `${city}${brand}${trade}有限公司`,
    taxId,
    address: given.address ?? `${city}市${rng.pick(STREETS)}`,
    phone: given.phone ?? `${phoneCode}-${rng.int(2, 8)}${rng.digits(7)}`,
    bank: given.bank ?? `${bank}${city}${rng.pick(['分行营业部', '高新支行', '软件园支行', '自贸区支行'])}`,
    account: given.account ?? `${rng.int(1, 6)}${rng.digits(17)}`,
  };
}

export function resolveParty(input: PartyInput | undefined, role: 'buyer' | 'seller', rng: Rng): PartyInfo {
  if (input === undefined) {
    const area = rng.pick(role === 'buyer' ? FUJIAN_AREAS : PROVIDER_AREAS);
    return describeParty(makeUscc(rng, area), role);
  }
  if (typeof input === 'string') return describeParty(input, role);
  return describeParty(input.taxId, role, input);
}
