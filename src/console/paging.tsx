import { withQuery } from './render.js';

/**
 * Links between the pages of a long list. Pages are keyed by the last row shown (not by an offset), so a row
 * added meanwhile neither repeats nor hides one; the filters in `keep` travel with the link.
 */
export function Pager(props: { path: string; keep: Record<string, string>; cursor: string; next: string | null; paged: boolean }) {
  if (!props.next && !props.paged) return null;
  return (
    <nav class="pager" aria-label="翻页">
      {props.paged ? <a href={withQuery(props.path, props.keep)}>回到第一页</a> : null}
      {props.next ? <a href={withQuery(props.path, { ...props.keep, [props.cursor]: props.next })} rel="next">下一页</a> : null}
    </nav>
  );
}

/** The filters of the query string that are set, as strings, to carry into the next page's link. */
export function kept(q: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((k) => q[k] !== undefined && q[k] !== '').map((k) => [k, String(q[k])]));
}
