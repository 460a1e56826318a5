import type { ReconDecisions, ReconParams } from './types.js';

/**
 * Defaults mirror the policy parameters (compute.eligibleServiceTypes) and the defaults
 * (tolerance 0.00). The service passes the dated parameter values it resolved; these only fill gaps.
 */
export const DEFAULT_RECON_PARAMS: ReconParams = {
  tolerance: 0,
  eligibleServiceTypes: ['gpu_compute', 'npu_compute', 'ai_accelerator_compute'],
  proposalDateWindowDays: 31,
  proposalScanLimit: 256,
  proposalMinScore: 0,
  // A match that disagrees on who bought it, who sold it or how much, or whose invoice is claimed twice,
  // proves nothing; dates and service-type disagreements are surfaced for review without blocking.
  blockingCodes: ['AMOUNT_MISMATCH', 'BUYER_MISMATCH', 'SELLER_NOT_PROVIDER', 'DUPLICATE_INVOICE'],
  serviceKeywords: {
    intelligent: ['GPU', 'NPU', 'TPU', '算力', '智算', '智能计算', '显卡', '加速卡', 'AI加速', '昇腾', '训练', '推理', '大模型', '异构计算'],
    general: ['通用算力', '通用计算', 'CPU', '存储', '带宽', '流量', '网络', 'CDN', '域名', '机柜', '托管', 'IDC', '软件', '许可', '电子计算机', '计算机外部设备'],
  },
};

export const NO_DECISIONS: ReconDecisions = { confirmed: [], rejected: [], manual: [], accepted: [] };

export class ReconParamError extends Error {
  override name = 'ReconParamError';
}

export function resolveParams(given: Partial<ReconParams> | undefined): ReconParams {
  const p: ReconParams = { ...DEFAULT_RECON_PARAMS, ...given };
  for (const name of ['tolerance', 'proposalDateWindowDays', 'proposalScanLimit', 'proposalMinScore'] as const) {
    const v = p[name];
    if (!Number.isSafeInteger(v) || v < 0) throw new ReconParamError(`${name} must be a non-negative integer, got ${v}`);
  }
  return p;
}

export function resolveDecisions(given: Partial<ReconDecisions> | undefined): ReconDecisions {
  return { ...NO_DECISIONS, ...given };
}
