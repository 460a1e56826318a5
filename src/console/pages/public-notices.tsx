import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { render, svc } from '../render.js';
import { getPublicNotice, listPublicNotices, type PublicNoticeSummary } from '../../services/notices/public-notices.js';
import { ENTRY_HEADER, entryCells, NOTICE_TITLE, noticeHeading, noticeIntro, noticePeriod, noticeTotal, objectionHowTo, STATE_NAMES } from '../../documents/notice-words.js';
import { noticePdf } from '../../documents/notice-pdf.js';
import { PdfCache } from '../../documents/pdf-cache.js';

/**
 * 公示 pages anyone can open without signing in: the list of current and past notices, each notice with its
 * projects, period and how to object, printable (the print sheet drops the navigation) and as a PDF.
 */

const pdfs = new PdfCache();
const contactOf = (c: Context<ConsoleEnv>) => c.get('deps').config.NOTICE_OBJECTION_CONTACT;

function NoticeRows({ items }: { items: readonly PublicNoticeSummary[] }) {
  return (
    <tbody>
      {items.map((n) => (
        <tr data-notice-state={n.state}>
          <td><a href={`/public/notices/${n.id}`}>{noticeHeading(n)}</a></td>
          <td>{n.startsOn} 至 {n.endsOn}（{n.workingDays} 个工作日）</td>
          <td class="num">{n.count}</td>
          <td>{STATE_NAMES[n.state]}</td>
        </tr>
      ))}
    </tbody>
  );
}

export function registerPublicNoticePages(app: Hono<ConsoleEnv>): void {
  app.get('/notices', async (c) => {
    const all = await listPublicNotices(svc(c));
    const current = all.filter((n) => n.state !== 'ended');
    const past = all.filter((n) => n.state === 'ended');
    const table = (caption: string, items: PublicNoticeSummary[]) => (
      <table>
        <caption>{caption}</caption>
        <thead><tr><th scope="col">公示</th><th scope="col">公示期</th><th scope="col">项目数</th><th scope="col">状态</th></tr></thead>
        <NoticeRows items={items} />
      </table>
    );
    return render(c, (
      <Layout c={c} title={NOTICE_TITLE}>
        <section aria-labelledby="current-h">
          <h2 id="current-h">正在公示</h2>
          {current.length ? table('正在公示和即将开始的公示', current) : <p>目前没有正在公示的名单。</p>}
        </section>
        <section aria-labelledby="past-h">
          <h2 id="past-h">往期公示</h2>
          {past.length ? table('公示期已满的公示', past) : <p>没有往期公示。</p>}
        </section>
      </Layout>
    ));
  });

  app.get('/notices/:id', async (c) => {
    const id = c.req.param('id');
    if (id.endsWith('.pdf')) {
      const n = await getPublicNotice(svc(c), id.slice(0, -4));
      // Keyed by the notice as read now: any change to what it lists makes a new PDF.
      const pdf = await pdfs.get({ n, contact: contactOf(c) }, () => noticePdf(n, contactOf(c)));
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="notice-${n.startsOn}.pdf"; filename*=UTF-8''${encodeURIComponent(`${NOTICE_TITLE}-${n.startsOn}.pdf`)}`,
      });
    }
    const n = await getPublicNotice(svc(c), id);
    return render(c, (
      <Layout c={c} title={noticeHeading(n)}>
        <article class="notice">
          <p class="doc-actions"><a href="/public/notices">全部公示</a> <a href={`/public/notices/${n.id}.pdf`}>下载 PDF</a></p>
          <p>{noticeIntro(n)}</p>
          <p data-period>{noticePeriod(n)}（{STATE_NAMES[n.state]}）</p>
          <table>
            <caption>拟支持项目名单</caption>
            <thead><tr>{ENTRY_HEADER.map((h) => <th scope="col">{h}</th>)}</tr></thead>
            <tbody>
              {n.entries.map((e, i) => (
                <tr>{entryCells(e, i).map((cell, k) => (k === 5 ? <td class="num">{cell}</td> : <td>{cell}</td>))}</tr>
              ))}
            </tbody>
            <tfoot><tr><th scope="row" colspan={5}>合计</th><td class="num">{noticeTotal(n.entries)}</td></tr></tfoot>
          </table>
          <section aria-labelledby="objection-h">
            <h2 id="objection-h">异议方式</h2>
            <p data-objection>{objectionHowTo(n, contactOf(c))}</p>
          </section>
          <p>福建省工业和信息化厅<br />{n.startsOn}</p>
        </article>
      </Layout>
    ));
  });
}
