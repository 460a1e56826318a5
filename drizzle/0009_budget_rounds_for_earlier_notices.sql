-- Notices published before budget rounds were recorded get their rounds now, so their awards can still be
-- paid. The budget they were published against was never recorded, so such a round is not scaled (ratio
-- 1/1) and says so in its trace; what batches already paid of it stays as paid.
INSERT INTO "budget_rounds" ("id", "notice_id", "funding_source", "year", "budget", "budget_set_at", "committed_before",
  "available", "total", "awards", "scaled", "ratio_numerator", "ratio_denominator", "trace", "created_by")
SELECT 'rnd_' || md5(na."notice_id" || '/' || a."funding_source" || '/' || a."year"), na."notice_id", a."funding_source", a."year",
  NULL, NULL, 0, NULL, sum(a."amount"), count(*), false, 1, 1,
  jsonb_build_array(jsonb_build_object(
    'clause', '二(五)',
    'step', 'round recorded for a notice published before budget rounds were kept: not scaled',
    'inputs', jsonb_build_object('noticeId', na."notice_id", 'fundingSource', a."funding_source", 'year', a."year"),
    'result', jsonb_build_object('scaled', false, 'ratio', '1'))),
  'system'
FROM "notice_applications" na
JOIN "applications" a ON a."id" = na."application_id"
WHERE a."type" = 'compute_subsidy'
GROUP BY na."notice_id", a."funding_source", a."year"
ON CONFLICT ("notice_id", "funding_source", "year") DO NOTHING;
