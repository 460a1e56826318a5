import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { render, svc } from '../render.js';
import { getApplication } from '../../services/applications/get-application.js';
import { shanghaiDate } from '../../services/policy/index.js';
import { awardRound } from '../../services/applications/award-round.js';
import { letterOf, LETTER_TITLE, type Letter } from '../../documents/letter-words.js';
import { decisionLetterPdf } from '../../documents/decision-letter-pdf.js';

/**
 * 「补贴核定通知」 for a granted application: a printable page and the same letter as a PDF. Whoever may read
 * the application may read its letter (the verb's scope check); before the grant there is no letter.
 */

/** The statuses an application holds once its award was granted. */
export const GRANTED = new Set(['granted', 'implementing', 'accepted', 'acceptance_failed', 'paid']);

async function letterFor(c: Context<ConsoleEnv>): Promise<{ id: string; letter: Letter | null }> {
  const a = await getApplication(svc(c), c.req.param('id')!.replace(/\.pdf$/, ''));
  if (!GRANTED.has(a.status) || !a.decision) return { id: a.id, letter: null };
  const round = await awardRound(svc(c), a.id);
  return {
    id: a.id,
    letter: letterOf({
      number: a.number, unit: a.applicantName ?? a.uscc, uscc: a.uscc, type: a.type, year: a.year, office: a.office,
      amount: a.amount, fundingSource: a.fundingSource, issuedOn: shanghaiDate(c.get('deps').clock()),
      installments: a.installments, decision: a.decision, round,
    }),
  };
}

function LetterBody({ l, id }: { l: Letter; id: string }) {
  return (
    <article class="letter">
      <p class="doc-actions"><a href={`/console/applications/${id}`}>返回申请</a> <a href={`/console/applications/${id}/letter.pdf`}>下载 PDF</a></p>
      <p>{l.reference}</p>
      <p>{l.addressee}</p>
      <p>{l.opening}</p>
      <p class="big" data-amount>{l.amount}</p>
      <p>{l.funding}</p>
      {l.scaling ? <p class="big" data-paid>{l.scaling.paid}</p> : null}
      {l.installments.length ? (<section aria-labelledby="inst-h"><h2 id="inst-h">拨付安排</h2><ol>{l.installments.map((x) => <li>{x}</li>)}</ol></section>) : null}
      {l.reasons.length ? (<section aria-labelledby="why-h"><h2 id="why-h">核定理由</h2><ol>{l.reasons.map((x) => <li>{x}</li>)}</ol></section>) : null}
      <section aria-labelledby="steps-h"><h2 id="steps-h">核定过程</h2><ol class="trace">{l.steps.map((x) => <li>{x}</li>)}</ol></section>
      {l.scaling ? (<section aria-labelledby="scaling-h"><h2 id="scaling-h">预算核减</h2><ol>{l.scaling.steps.map((x) => <li>{x}</li>)}</ol></section>) : null}
      {l.exclusions.length ? (<section aria-labelledby="ex-h"><h2 id="ex-h">未计入的采购</h2><ol>{l.exclusions.map((x) => <li>{x}</li>)}</ol></section>) : null}
      <section aria-labelledby="clauses-h">
        <h2 id="clauses-h">所依据的政策条款</h2>
        <dl class="clauses">{l.clauses.map((c) => (<><dt id={c.anchor}>{c.id}</dt><dd>{c.text.split('\n').map((line) => <p>{line}</p>)}</dd></>))}</dl>
      </section>
      <p>{l.closing}</p>
      <p>{l.signer}<br />{l.date}</p>
    </article>
  );
}

export function registerDecisionLetter(app: Hono<ConsoleEnv>): void {
  app.get('/applications/:id/letter', async (c) => {
    const { id, letter } = await letterFor(c);
    if (!letter) {
      return render(c, (
        <Layout c={c} title={LETTER_TITLE}>
          <div class="flash err" role="alert"><p>该申请尚未获批，还没有补贴核定通知。</p></div>
          <p><a href={`/console/applications/${id}`}>返回申请</a></p>
        </Layout>
      ), 409);
    }
    return render(c, <Layout c={c} title={LETTER_TITLE}><LetterBody l={letter} id={id} /></Layout>);
  });

  app.get('/applications/:id/letter.pdf', async (c) => {
    const { id, letter } = await letterFor(c);
    if (!letter) return c.redirect(`/console/applications/${id}/letter`, 303);
    const pdf = await decisionLetterPdf(letter);
    const name = `${LETTER_TITLE}-${letter.reference.replace(/^申请编号：/, '')}.pdf`;
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="decision-letter.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });
}
