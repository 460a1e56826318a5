/**
 * What compute providers put on their invoices: item names with the tax-category prefix the
 * issuing systems print, typical specs and units, price ranges in fen, the VAT rate, and the
 * provider-side service type a matching statement line would carry. Names fit two lines of the
 * 数电 name cell, so printed invoices stay one page.
 */
import type { ServiceType } from '../../src/services/statements/statement-input.js';

export type RateKey = '6%' | '13%' | '免税';

export interface CatalogItem {
  name: string;
  serviceType: ServiceType;
  specs: readonly string[];
  units: readonly string[];
  /** Net price per unit, fen. */
  price: readonly [number, number];
  quantity: readonly [number, number];
  rate: RateKey;
  /** Some issuers print these lines as a lump sum: no unit, quantity or price. */
  lumpSumShare?: number;
}

const YUAN = 100;

/** Intelligent compute: GPU / NPU / accelerator rental, training and inference. */
export const INTELLIGENT: readonly CatalogItem[] = [
  { name: '*信息技术服务*GPU算力租赁服务', serviceType: 'gpu_compute', specs: ['A100-80G', 'H800-80G', 'H20-96G', 'L20-48G', 'RTX4090'], units: ['卡时', '小时'], price: [6 * YUAN, 38 * YUAN], quantity: [100, 6000], rate: '6%' },
  { name: '*信息技术服务*智能算力服务费', serviceType: 'ai_accelerator_compute', specs: [], units: ['月', '项'], price: [20_000 * YUAN, 300_000 * YUAN], quantity: [1, 6], rate: '6%', lumpSumShare: 0.3 },
  { name: '*现代服务*云服务器租用(NPU)', serviceType: 'npu_compute', specs: ['Ascend910B', 'Atlas800T'], units: ['月', '小时'], price: [30 * YUAN, 900 * YUAN], quantity: [1, 720], rate: '6%' },
  { name: '*信息技术服务*模型训练算力', serviceType: 'gpu_compute', specs: ['H800-80G', 'A800-80G', 'H20-96G'], units: ['卡时'], price: [10 * YUAN, 40 * YUAN], quantity: [500, 20_000], rate: '6%' },
  { name: '*信息技术服务*推理算力服务', serviceType: 'gpu_compute', specs: ['L20-48G', 'A10-24G'], units: ['卡时', '小时'], price: [4 * YUAN, 18 * YUAN], quantity: [200, 8000], rate: '6%' },
  { name: '*信息技术服务*智算集群租赁服务', serviceType: 'gpu_compute', specs: ['8xH800', '8xA800'], units: ['月'], price: [60_000 * YUAN, 160_000 * YUAN], quantity: [1, 3], rate: '6%' },
  { name: '*现代服务*GPU云主机租用', serviceType: 'gpu_compute', specs: ['gn7i.8xl', 'A10-24G'], units: ['月', '小时'], price: [9 * YUAN, 9_000 * YUAN], quantity: [1, 720], rate: '6%' },
  { name: '*信息技术服务*昇腾AI算力服务', serviceType: 'npu_compute', specs: ['Ascend910B'], units: ['卡时'], price: [8 * YUAN, 26 * YUAN], quantity: [300, 10_000], rate: '6%' },
];

/** Compute-adjacent services that are not intelligent compute. */
export const GENERAL: readonly CatalogItem[] = [
  { name: '*现代服务*对象存储服务', serviceType: 'storage', specs: ['100TB', '500TB'], units: ['月'], price: [2_000 * YUAN, 30_000 * YUAN], quantity: [1, 3], rate: '6%' },
  { name: '*电信服务*带宽费', serviceType: 'network', specs: ['1Gbps', '10Gbps'], units: ['月'], price: [3_000 * YUAN, 40_000 * YUAN], quantity: [1, 3], rate: '6%' },
  { name: '*现代服务*云服务器租用(CPU)', serviceType: 'general_compute', specs: ['c7.4xl', 'g7.8xl'], units: ['月'], price: [800 * YUAN, 6_000 * YUAN], quantity: [1, 12], rate: '6%' },
  { name: '*信息技术服务*机柜托管服务', serviceType: 'other', specs: ['42U'], units: ['月'], price: [4_000 * YUAN, 12_000 * YUAN], quantity: [1, 12], rate: '6%' },
];

/** Goods at 13%: accelerator cards and servers sold with the service. */
export const HARDWARE: readonly CatalogItem[] = [
  { name: '*计算机外部设备*GPU加速卡', serviceType: 'other', specs: ['A800-80G', 'L40S'], units: ['块'], price: [50_000 * YUAN, 180_000 * YUAN], quantity: [1, 8], rate: '13%' },
  { name: '*电子计算机*AI训练服务器', serviceType: 'other', specs: ['8xH20'], units: ['台'], price: [800_000 * YUAN, 1_500_000 * YUAN], quantity: [1, 2], rate: '13%' },
];

/** 技术开发 is exempt from VAT (财税〔2016〕36号): rate printed 免税, tax as asterisks. */
export const EXEMPT: readonly CatalogItem[] = [
  { name: '*研发和技术服务*算力调度平台技术开发', serviceType: 'other', specs: [], units: ['项'], price: [50_000 * YUAN, 500_000 * YUAN], quantity: [1, 1], rate: '免税' },
];

export const ALL_ITEMS: readonly CatalogItem[] = [...INTELLIGENT, ...GENERAL, ...HARDWARE, ...EXEMPT];
