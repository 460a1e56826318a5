import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { csrfOf, field, me, render, svc } from '../render.js';
import { forbidden } from '../../services/errors.js';
import { isValidUscc } from '../../domain/uscc.js';
import { CreditListingInput, recordCreditListing } from '../../services/supervision/record-credit-listing.js';

/** The two lists 三 names, in the words of 信用中国 exports as well as the API's codes. */
const LIST_WORDS: Record<string, 'abnormal' | 'dishonest'> = {
  abnormal: 'abnormal', dishonest: 'dishonest', 经营异常: 'abnormal', 经营异常名录: 'abnormal', 失信: 'dishonest', 失信名单: 'dishonest', 严重失信主体名单: 'dishonest',
};

export interface ImportProblem { line: number; text: string; problem: string }

/**
 * Reads a pasted or uploaded list, one entry a line: 统一社会信用代码, 名单, 列入日期[, 移出日期], separated by commas
 * or tabs (a spreadsheet's copy). A header line and blank lines are skipped. Every line is checked before
 * anything is recorded, so a file with one bad line changes nothing.
 */
export function parseCreditList(text: string): { entries: CreditListingInput[]; problems: ImportProblem[] } {
  const entries: CreditListingInput[] = [];
  const problems: ImportProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(/[,\t，]/).map((x) => x.trim());
    if (i === 0 && !/^[0-9A-Z]{18}$/i.test(cells[0] ?? '')) return;
    const say = (problem: string) => problems.push({ line: i + 1, text: line.slice(0, 120), problem });
    const [uscc = '', listWord = '', listedOn = '', removedOn = ''] = cells;
    const list = LIST_WORDS[listWord];
    if (!isValidUscc(uscc.toUpperCase())) return say('统一社会信用代码校验不通过');
    if (!list) return say('名单应为“经营异常”或“失信”');
    const parsed = CreditListingInput.safeParse({ uscc, list, listedOn, ...(removedOn ? { removedOn } : {}) });
    if (!parsed.success) return say(parsed.error.issues.some((x) => x.path[0] === 'removedOn') ? '移出日期无效或早于列入日期' : '日期应为 YYYY-MM-DD');
    entries.push(parsed.data);
  });
  return { entries, problems };
}

function ImportPage({ c, text, problems, imported }: { c: Context<ConsoleEnv>; text: string; problems: ImportProblem[]; imported: number | null }) {
  return (
    <Layout c={c} title="导入信用名单">
      <p>列入经营异常名录或失信名单、且在审核日仍未移出的单位不予支持（三）。每行一条：统一社会信用代码、名单（经营异常 / 失信）、列入日期、移出日期（可不填），用逗号或制表符分隔；可直接从表格复制粘贴，第一行可以是表头。</p>
      {imported !== null ? <p role="status" class="flash ok">本次导入 {imported} 条。</p> : null}
      {problems.length ? (
        <div role="alert" class="flash err">
          <p>以下各行无法识别，整个名单未导入，请修改后重新提交：</p>
          <ul>{problems.map((p) => (<li>第 {p.line} 行（{p.text}）：{p.problem}</li>))}</ul>
        </div>
      ) : null}
      <form method="post" action="/console/admin/credit-listings" enctype="multipart/form-data" class="stack">
        <CsrfField token={csrfOf(c)} />
        <label for="list-text">名单内容</label>
        <textarea id="list-text" name="text" rows={10}>{text}</textarea>
        <label for="list-file">或选择 CSV 文件</label>
        <input id="list-file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain" />
        <button type="submit">导入</button>
      </form>
    </Layout>
  );
}

export function registerCreditImport(app: Hono<ConsoleEnv>): void {
  // Recording a listing is the administrator's (the verb says so again for each line).
  app.use('/admin/credit-listings', async (c, next) => {
    if (me(c).role !== 'admin') throw forbidden('only an administrator records credit listings');
    return next();
  });
  app.get('/admin/credit-listings', async (c) => {
    const n = Number(c.req.query('imported'));
    return render(c, <ImportPage c={c} text="" problems={[]} imported={Number.isInteger(n) && n >= 0 && c.req.query('imported') ? n : null} />);
  });

  app.post('/admin/credit-listings', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const file = body['file'];
    const upload = file instanceof File && file.size > 0 ? new TextDecoder().decode(await file.arrayBuffer()).replace(/^\uFEFF/, '') : '';
    const text = [field(body, 'text'), upload].filter((t) => t.trim()).join('\n');
    const { entries, problems } = parseCreditList(text);
    if (problems.length || !entries.length) {
      const shown = problems.length ? problems : [{ line: 1, text: '', problem: '没有可导入的行' }];
      return render(c, <ImportPage c={c} text={text} problems={shown} imported={null} />, 422);
    }
    // Each entry is the API's own verb, audited one by one; every line was checked above, so none is refused.
    for (const entry of entries) await recordCreditListing(svc(c), entry);
    return c.redirect(`/console/admin/credit-listings?ok=credit_imported&imported=${entries.length}`, 303);
  });
}
