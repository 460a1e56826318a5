import { describe, expect, it } from 'vitest';
import { DEFAULT_RECON_PARAMS, ItemClassifier, type ItemsVerdict } from '../../src/recon/index.js';

const cases: { names: string[]; verdict: ItemsVerdict }[] = [
  { names: ['*信息技术服务*GPU云服务器租赁'], verdict: 'intelligent' },
  { names: ['*现代服务*昇腾NPU算力租赁'], verdict: 'intelligent' },
  { names: ['*信息技术服务*智算服务费'], verdict: 'intelligent' },
  { names: ['*信息技术服务*gpu 实例'], verdict: 'intelligent' },
  { names: ['*现代服务*存储服务'], verdict: 'general' },
  { names: ['*信息技术服务*通用算力服务'], verdict: 'general' },
  { names: ['*电信服务*带宽费'], verdict: 'general' },
  { names: ['*信息技术服务*GPU云服务器租赁', '*现代服务*存储服务'], verdict: 'unclear' },
  { names: ['*现代服务*技术服务费'], verdict: 'unclear' },
  { names: [], verdict: 'unclear' },
];

describe('item-name cross-check', () => {
  const items = new ItemClassifier(DEFAULT_RECON_PARAMS.serviceKeywords);
  it.each(cases)('$names → $verdict', ({ names, verdict }) => {
    expect(items.verdict(names)).toBe(verdict);
    // Cached answers are the same answers.
    expect(items.verdict(names)).toBe(verdict);
  });

  it('keywords are parameters', () => {
    const custom = new ItemClassifier({ intelligent: ['训练'], general: [] });
    expect(custom.verdict(['*信息技术服务*GPU云服务器租赁'])).toBe('unclear');
    expect(custom.verdict(['*信息技术服务*模型训练服务'])).toBe('intelligent');
  });
});
