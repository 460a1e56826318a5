-- API processes keep the principal each bearer token stands for, and must forget it the moment a token is
-- revoked or its user disabled or changed, whichever process (or person at a psql prompt) made the change.
-- A statement that can change what a token stands for notifies `identity_changed` in its own transaction;
-- PostgreSQL delivers the notice to every listening process when, and only if, the transaction commits.
CREATE FUNCTION notify_identity_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('identity_changed', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_identity_changed AFTER UPDATE OF id, name, role, scope, disabled_at OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_changed();
--> statement-breakpoint
CREATE TRIGGER users_identity_truncated AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_changed();
--> statement-breakpoint
CREATE TRIGGER api_tokens_identity_changed AFTER UPDATE OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_changed();
