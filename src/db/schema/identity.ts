import { pgTable, text, uniqueIndex, index, integer } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tstz } from './columns.js';

export const users = pgTable('users', {
  id: idColumn(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  /** A USCC for enterprise users, an office for city reviewers, null otherwise. */
  scope: text('scope'),
  /** scrypt hash for console sign-in; null for API-only users. */
  passwordHash: text('password_hash'),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: tstz('locked_until'),
  disabledAt: tstz('disabled_at'),
  createdAt: createdAt(),
});

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: idColumn(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the token: a 256-bit random token needs no slow hash, and lookup stays an index probe. */
    tokenHash: text('token_hash').notNull(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user').on(t.userId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: idColumn(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);
