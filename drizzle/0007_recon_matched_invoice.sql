ALTER TABLE "statement_lines" ADD COLUMN "matched_invoice_id" text;--> statement-breakpoint
CREATE INDEX "invoices_original_number" ON "invoices" USING btree ("original_invoice_number") WHERE original_invoice_number is not null;--> statement-breakpoint
CREATE INDEX "recon_breaks_open_line" ON "recon_breaks" USING btree ("statement_line_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "statement_lines_matched_invoice" ON "statement_lines" USING btree ("matched_invoice_id") WHERE matched_invoice_id is not null;--> statement-breakpoint
CREATE INDEX "statement_lines_number_list" ON "statement_lines" USING btree ("id") WHERE invoice_number !~ '^[0-9A-Za-z]+$';--> statement-breakpoint
-- statement_lines.matched_invoice_id is a function of matches alone: the invoice a line is plainly matched with
-- (its one live row and the invoice's one live row form a matched one-to-one group of exactly two rows), else
-- null. "Live" is what the engine reads: not undone, or an engine row (matched, proposed). The function below
-- recomputes it for every line a change to matches can affect: lines in the changed rows, lines of every group
-- the changed rows, invoices or lines belong to, and lines that name a changed invoice. Set-based, so a run's
-- bulk writes cost a few joins per statement rather than a lookup chain per row.
CREATE OR REPLACE FUNCTION statement_lines_refresh_matched(inv_ids text[], line_ids bigint[], group_ids text[]) RETURNS void AS $$
  WITH inv AS (SELECT DISTINCT unnest(inv_ids) AS id),
  lin AS (SELECT DISTINCT unnest(line_ids) AS id),
  touched AS (
    SELECT unnest(group_ids) AS group_id
    UNION SELECT m.group_id FROM matches m JOIN inv ON inv.id = m.invoice_id
    UNION SELECT m.group_id FROM matches m JOIN lin ON lin.id = m.statement_line_id),
  affected AS (
    SELECT id FROM lin
    UNION SELECT m.statement_line_id FROM matches m JOIN touched t ON t.group_id = m.group_id WHERE m.statement_line_id IS NOT NULL
    UNION SELECT l.id FROM statement_lines l JOIN inv ON inv.id = l.matched_invoice_id),
  line_live AS (
    SELECT m.statement_line_id AS id, min(m.group_id) AS group_id FROM matches m JOIN affected a ON a.id = m.statement_line_id
    WHERE m.undone_at IS NULL OR m.status IN ('matched', 'proposed')
    GROUP BY m.statement_line_id
    HAVING count(*) = 1 AND bool_and(m.status = 'matched' AND m.shape = 'one_to_one' AND m.undone_at IS NULL)),
  pair AS (
    SELECT ll.id, min(m.invoice_id) AS invoice_id FROM line_live ll JOIN matches m ON m.group_id = ll.group_id
    GROUP BY ll.id
    HAVING count(*) = 2 AND count(m.invoice_id) = 1 AND bool_and(m.status = 'matched' AND m.shape = 'one_to_one' AND m.undone_at IS NULL)),
  settled AS (
    SELECT p.id, p.invoice_id FROM pair p JOIN matches m ON m.invoice_id = p.invoice_id
    WHERE m.undone_at IS NULL OR m.status IN ('matched', 'proposed')
    GROUP BY p.id, p.invoice_id HAVING count(*) = 1),
  computed AS (SELECT a.id, s.invoice_id FROM affected a LEFT JOIN settled s ON s.id = a.id WHERE a.id IS NOT NULL)
  UPDATE statement_lines l SET matched_invoice_id = c.invoice_id FROM computed c
  WHERE l.id = c.id AND l.matched_invoice_id IS DISTINCT FROM c.invoice_id;
$$ LANGUAGE sql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION matches_after_insert() RETURNS trigger AS $$
BEGIN
  IF current_setting('recon.defer_matched_refresh', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM statement_lines_refresh_matched(
    ARRAY(SELECT invoice_id FROM new_rows WHERE invoice_id IS NOT NULL),
    ARRAY(SELECT statement_line_id FROM new_rows WHERE statement_line_id IS NOT NULL),
    ARRAY(SELECT DISTINCT group_id FROM new_rows));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION matches_after_update() RETURNS trigger AS $$
BEGIN
  IF current_setting('recon.defer_matched_refresh', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM statement_lines_refresh_matched(
    ARRAY(SELECT invoice_id FROM old_rows WHERE invoice_id IS NOT NULL UNION SELECT invoice_id FROM new_rows WHERE invoice_id IS NOT NULL),
    ARRAY(SELECT statement_line_id FROM old_rows WHERE statement_line_id IS NOT NULL
          UNION SELECT statement_line_id FROM new_rows WHERE statement_line_id IS NOT NULL),
    ARRAY(SELECT group_id FROM old_rows UNION SELECT group_id FROM new_rows));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION matches_after_delete() RETURNS trigger AS $$
BEGIN
  IF current_setting('recon.defer_matched_refresh', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM statement_lines_refresh_matched(
    ARRAY(SELECT invoice_id FROM old_rows WHERE invoice_id IS NOT NULL),
    ARRAY(SELECT statement_line_id FROM old_rows WHERE statement_line_id IS NOT NULL),
    ARRAY(SELECT DISTINCT group_id FROM old_rows));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION matches_after_truncate() RETURNS trigger AS $$
BEGIN
  UPDATE statement_lines SET matched_invoice_id = NULL WHERE matched_invoice_id IS NOT NULL;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Transition tables need one trigger per event. A matching run writes thousands of rows per statement and
-- knows every record it touched: it sets recon.defer_matched_refresh for its writes and then calls the
-- function once over all of them, planned with hash joins (services/recon/matched-invoice.ts).
-- Nothing else sets it.
CREATE TRIGGER matches_refresh_insert AFTER INSERT ON matches REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION matches_after_insert();
--> statement-breakpoint
CREATE TRIGGER matches_refresh_update AFTER UPDATE ON matches REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION matches_after_update();
--> statement-breakpoint
CREATE TRIGGER matches_refresh_delete AFTER DELETE ON matches REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION matches_after_delete();
--> statement-breakpoint
CREATE TRIGGER matches_refresh_truncate AFTER TRUNCATE ON matches
  FOR EACH STATEMENT EXECUTE FUNCTION matches_after_truncate();
--> statement-breakpoint
-- Matches already stored get their lines' column before the guard below exists.
SELECT statement_lines_refresh_matched('{}', ARRAY(SELECT DISTINCT statement_line_id FROM matches WHERE statement_line_id IS NOT NULL), '{}');
--> statement-breakpoint
-- Only the triggers above (at trigger depth 1) and a run's deferred refresh write the column; a direct write
-- would let it go stale.
-- AFTER row triggers with a WHEN clause: a statement's lines arrive with the column null, so nothing is queued
-- for them, and a BEFORE row trigger would stop COPY from inserting in batches.
CREATE OR REPLACE FUNCTION statement_lines_refuse_matched() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'statement_lines.matched_invoice_id is kept by the matches triggers: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER statement_lines_matched_insert AFTER INSERT ON statement_lines
  FOR EACH ROW WHEN (NEW.matched_invoice_id IS NOT NULL AND pg_trigger_depth() = 0) EXECUTE FUNCTION statement_lines_refuse_matched();
--> statement-breakpoint
CREATE TRIGGER statement_lines_matched_update AFTER UPDATE OF matched_invoice_id ON statement_lines
  FOR EACH ROW WHEN (NEW.matched_invoice_id IS DISTINCT FROM OLD.matched_invoice_id AND pg_trigger_depth() = 0
    AND current_setting('recon.defer_matched_refresh', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION statement_lines_refuse_matched();
