import type { ServiceType } from './statement-input.js';

/**
 * How a FOCUS row's service becomes a statement line's `serviceType` when the row carries no
 * `x_ServiceType` of its own. The first rule that applies wins:
 *
 * 1. the accelerator the row names, in `SkuMeter`, `ServiceSubcategory` or `ServiceName`: GPU (显卡) →
 *    `gpu_compute`; NPU, Ascend (昇腾) → `npu_compute`; TPU, Trainium, Inferentia, Gaudi, MLU, DCU, AI
 *    accelerator (加速卡) → `ai_accelerator_compute`. This holds in any category, so "AI and Machine
 *    Learning" with a GPU meter and "Compute / Virtual Machines" on GPU instances are both GPU compute;
 * 2. otherwise by `ServiceCategory` (FOCUS 1.2/1.3 values): Compute → `general_compute` (Quantum Compute →
 *    `other`); Storage → `storage`; Networking → `network`; everything else, "AI and Machine Learning"
 *    included, → `other`.
 *
 * An AI service that names no accelerator (a model API billed by tokens, bots, speech) is `other`: only a
 * line that says which intelligent compute it sold counts towards the subsidy, so a provider whose AI
 * platform rows are accelerator time says so with `x_ServiceType`. The table is the documented contract
 * (README, OpenAPI description of PUT /v1/statements); a change to it changes what providers' files mean.
 */
export const FOCUS_SERVICE_TYPE_RULES: readonly { when: string; serviceType: ServiceType }[] = [
  { when: 'SkuMeter, ServiceSubcategory or ServiceName names a GPU (GPU, vGPU, 显卡)', serviceType: 'gpu_compute' },
  { when: 'names an NPU (NPU, Ascend, 昇腾)', serviceType: 'npu_compute' },
  { when: 'names another AI accelerator (TPU, Trainium, Inferentia, Gaudi, MLU, DCU, AI accelerator, 加速卡)', serviceType: 'ai_accelerator_compute' },
  { when: 'ServiceCategory Compute (but Quantum Compute)', serviceType: 'general_compute' },
  { when: 'ServiceCategory Storage', serviceType: 'storage' },
  { when: 'ServiceCategory Networking', serviceType: 'network' },
  { when: 'anything else, AI and Machine Learning without an accelerator included', serviceType: 'other' },
];

const GPU = /GPU|显卡|图形处理器/i;
// Bounded on the left so that words merely containing the letters ("input", "output") do not count.
const NPU = /(?<![A-Za-z])NPU|Ascend|昇腾/i;
const ACCELERATOR = /(?<![A-Za-z])(?:TPU|MLU|DCU)|Trainium|Inferentia|Gaudi|AI[ -]?accelerator|加速卡/i;

export function focusServiceType(category: string, subcategory: string, skuMeter: string, serviceName: string): ServiceType {
  const named = `${skuMeter}\n${subcategory}\n${serviceName}`;
  if (GPU.test(named)) return 'gpu_compute';
  if (NPU.test(named)) return 'npu_compute';
  if (ACCELERATOR.test(named)) return 'ai_accelerator_compute';
  switch (category.trim().toLowerCase()) {
    case 'compute':
      return /quantum/i.test(subcategory) ? 'other' : 'general_compute';
    case 'storage':
      return 'storage';
    case 'networking':
      return 'network';
    default:
      return 'other';
  }
}
