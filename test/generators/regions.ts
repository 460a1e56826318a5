/**
 * Where an invoice is issued decides its printed identity: the legacy title names the province
 * (or a city with its own tax bureau: 厦门, 宁波, 青岛, 深圳, 大连), the legacy code carries the
 * 4-digit region, the 数电 number the 2-digit province, and the XML names the tax bureau. The
 * seller's tax registration region is what counts.
 */
export interface IssuingRegion {
  /** As printed in legacy titles: '福建增值税电子普通发票'. */
  name: string;
  /** Four digits in the legacy 发票代码. */
  codeRegion: string;
  /** Two digits in the 数电 发票号码. */
  province: string;
  bureauName: string;
  bureauCode: string;
}

const region = (name: string, codeRegion: string, bureau: string): IssuingRegion => ({
  name,
  codeRegion,
  province: codeRegion.slice(0, 2),
  bureauName: `国家税务总局${bureau}税务局`,
  bureauCode: `1${codeRegion}000000`,
});

const CITIES: Record<string, IssuingRegion> = {
  '3502': region('厦门', '3502', '厦门市'),
  '3302': region('宁波', '3302', '宁波市'),
  '3702': region('青岛', '3702', '青岛市'),
  '4403': region('深圳', '4403', '深圳市'),
  '2102': region('大连', '2102', '大连市'),
};

const PROVINCES: Record<string, IssuingRegion> = {
  '11': region('北京', '1100', '北京市'),
  '12': region('天津', '1200', '天津市'),
  '31': region('上海', '3100', '上海市'),
  '32': region('江苏', '3200', '江苏省'),
  '33': region('浙江', '3300', '浙江省'),
  '35': region('福建', '3500', '福建省'),
  '37': region('山东', '3700', '山东省'),
  '44': region('广东', '4400', '广东省'),
  '50': region('重庆', '5000', '重庆市'),
  '51': region('四川', '5100', '四川省'),
  '52': region('贵州', '5200', '贵州省'),
  '15': region('内蒙古', '1500', '内蒙古自治区'),
};

/** The region of a USCC (characters 3–8); Fujian when the id says nothing usable. */
export function issuingRegion(taxId: string | null | undefined): IssuingRegion {
  const area = /^[0-9A-Z]{2}(\d{6})/u.exec(taxId ?? '')?.[1];
  if (area) {
    const city = CITIES[area.slice(0, 4)];
    if (city) return city;
    const province = PROVINCES[area.slice(0, 2)];
    if (province) return province;
  }
  return PROVINCES['35']!;
}

/** Region codes (6 digits) providers register in: Fujian cities and the big cloud regions. */
export const PROVIDER_AREAS = ['350100', '350200', '350500', '110108', '310115', '440300', '330100', '520100', '150100'] as const;
/** Fujian registration areas for buying enterprises (福州 … 宁德, and 平潭). */
export const FUJIAN_AREAS = ['350100', '350102', '350200', '350203', '350300', '350400', '350500', '350600', '350700', '350800', '350900', '350128'] as const;

/** City name and telephone area code, for generated enterprise names, addresses and phones. */
export function cityOf(area: string): { name: string; phoneCode: string } {
  const cities: Record<string, [string, string]> = {
    '3501': ['福州', '0591'], '3502': ['厦门', '0592'], '3503': ['莆田', '0594'], '3504': ['三明', '0598'], '3505': ['泉州', '0595'],
    '3506': ['漳州', '0596'], '3507': ['南平', '0599'], '3508': ['龙岩', '0597'], '3509': ['宁德', '0593'], '1101': ['北京', '010'],
    '3101': ['上海', '021'], '4403': ['深圳', '0755'], '3301': ['杭州', '0571'], '5201': ['贵阳', '0851'], '1501': ['呼和浩特', '0471'],
  };
  const [name, phoneCode] = area === '350128' ? ['平潭', '0591'] : cities[area.slice(0, 4)] ?? ['福州', '0591'];
  return { name, phoneCode };
}
