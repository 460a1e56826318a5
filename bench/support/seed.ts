import postgres from 'postgres';

/**
 * Parsed, verified invoices written straight into the tables with one set-based INSERT, for benches that
 * measure reading and deciding over many invoices rather than ingesting them. The rows look as the parse
 * job and a matching run would leave them: status `parsed`, a 20-digit number, an issue date in 2026,
 * amounts in integer fen, a confirmed service type. Every fortieth invoice is unverified and every
 * fiftieth is for storage, so the rules have exclusions to trace.
 */
export async function seedParsedInvoices(
  databaseUrl: string,
  /** `firstIndex`: the position of the first of `usccs` among all seeded so far, so later calls add invoices with ids and numbers of their own. */
  opts: { usccs: string[]; perEnterprise: number; uploadedBy: string; firstIndex?: number },
): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    // Files are content-addressed and unique per enterprise, so each enterprise needs `perEnterprise`
    // distinct files; enterprises share them.
    await sql`insert into files (sha256, size, media_type, content)
      select 'bench' || lpad(k::text, 59, '0'), 4, 'application/xml', '\\x3c613e2f'::bytea
      from generate_series(1, ${opts.perEnterprise}) k on conflict do nothing`;
    await sql`insert into enterprises (uscc, name, kind, city, office)
      select u, 'bench ' || u, 'enterprise', '3501', '3501' from unnest(${opts.usccs}::text[]) u on conflict do nothing`;
    const [row] = await sql<{ n: number }[]>`
      with e as (select u, ordinality::int + ${opts.firstIndex ?? 0}::int as ei from unnest(${opts.usccs}::text[]) with ordinality u),
      rows as (
        select e.u, e.ei, k, (e.ei::bigint * ${opts.perEnterprise} + k) as seq
        from e cross join generate_series(1, ${opts.perEnterprise}) k
      ),
      ins as (
        insert into invoices (id, enterprise_uscc, file_sha256, format, purpose, status, style, invoice_number, issue_date,
          seller_tax_id, buyer_tax_id, total_amount, total_tax, total_with_tax, is_red, match_status, verified,
          verified_service_type, uploaded_by, parsed_at)
        select 'inv_bench' || seq, u, 'bench' || lpad(k::text, 59, '0'), 'xml', 'model_development', 'parsed', 'digital',
          (26350000000000000000::numeric + seq)::text, date '2026-01-01' + (k % 360),
          '91350100MA2Y0001X9', u, 100000 + (seq % 900000) * 10, 6000 + (seq % 1000), 106000 + (seq % 900000) * 10 + (seq % 1000),
          false, case when k % 40 = 0 then 'unmatched' else 'matched' end, k % 40 <> 0,
          case when k % 50 = 0 then 'storage' else 'gpu_compute' end, ${opts.uploadedBy}, now()
        from rows
        returning 1
      )
      select count(*)::int as n from ins`;
    await sql`analyze invoices`;
    return Number(row!.n);
  } finally {
    await sql.end();
  }
}
