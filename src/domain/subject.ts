/**
 * The key a one-time award's subject is compared by (二(二), 二(三)): a product's or platform's name as
 * people write it varies in width, case and spacing (「智算 平台」, 「智算平台」, 「ＡＩ助手」 vs 「AI助手」), so
 * names are compared after NFKC folding, lower-casing and dropping whitespace. '' stands for no name.
 */
export function subjectKey(name: string | null | undefined): string {
  if (!name) return '';
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}
