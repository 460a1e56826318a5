/**
 * Styles of explanations (sentences, clause toggles, folded JSON) and of the public notice and decision
 * letter pages, with their print sheet: on paper the navigation and toggles go and the clause texts print.
 */
export const EXPLAIN_CSS = `
.sentence { line-height: 1.8; }
.clause-refs { display: inline; }
.clause-refs > * + * { margin-left: .4em; }
details.clause-ref { display: inline; }
details.clause-ref > summary { display: inline; cursor: pointer; color: var(--accent); font-size: .9rem; list-style: none; text-decoration: underline dotted; }
details.clause-ref > summary::-webkit-details-marker { display: none; }
details.clause-ref[open] > blockquote { display: block; margin: .25rem 0 .5rem 1rem; padding: .5rem .75rem; border-left: 3px solid var(--line); background: var(--bg); font-size: .9rem; }
details.clause-ref blockquote p { margin: 0 0 .25rem; }
.clause-cite { font-size: .9rem; color: var(--muted); text-decoration: underline dotted; cursor: help; }
.params { color: var(--muted); font-size: .9rem; }
details.raw > summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
details.raw pre { background: var(--bg); padding: .5rem; overflow-x: auto; font-size: .8rem; }
ul.reasons li, ul.breaks li { margin-bottom: .4rem; }
.letter, .notice { max-width: 820px; }
.letter h2, .notice h2 { font-size: 1.15rem; }
.doc-actions { display: flex; gap: 1rem; margin: .5rem 0 1rem; }
.public-top { padding: .75rem 1.5rem; background: var(--bg); border-bottom: 1px solid var(--line); font-weight: 600; }
@media print {
  .top, .skip, .doc-actions, .flash, details.raw, nav, form { display: none !important; }
  body { font-size: 11pt; color: #000; }
  main { padding: 0; max-width: none; }
  a { color: #000; text-decoration: none; }
  details.clause-ref > summary { color: #000; text-decoration: none; }
  table { page-break-inside: auto; } tr { page-break-inside: avoid; }
  .public-top { background: none; border: 0; padding: 0 0 .5rem; }
}
`;
