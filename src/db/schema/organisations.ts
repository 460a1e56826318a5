import { pgTable, text, uniqueIndex, index, date, boolean, primaryKey } from 'drizzle-orm/pg-core';
import { bytea, createdAt, idColumn, tstz } from './columns.js';

export const enterprises = pgTable('enterprises', {
  uscc: text('uscc').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  city: text('city'),
  office: text('office'),
  fundingSource: text('funding_source'),
  /** Set when an admin routes a unit that moved after registration (audited). */
  cityOverridden: boolean('city_overridden').notNull().default(false),
  createdAt: createdAt(),
});

export const providers = pgTable(
  'providers',
  {
    id: idColumn(),
    uscc: text('uscc').notNull(),
    name: text('name').notNull(),
    /** The key the provider was registered with; its signing keys, this one included, are in provider_keys. */
    keyId: text('key_id'),
    secretSealed: text('secret_sealed'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('providers_uscc_key').on(t.uscc), uniqueIndex('providers_key_id_key').on(t.keyId)],
);

/**
 * A provider's signing keys: up to two active at once, so a key can be rotated without downtime (add the new
 * one, switch, revoke the old). The secret is AES-256-GCM sealed: HMAC verification needs the secret itself.
 */
export const providerKeys = pgTable(
  'provider_keys',
  {
    id: idColumn(),
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    keyId: text('key_id').notNull(),
    secretSealed: text('secret_sealed').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [uniqueIndex('provider_keys_key_id_key').on(t.keyId), index('provider_keys_provider').on(t.providerId)],
);

/** A provider's billing accounts (FOCUS BillingAccountId / SubAccountId) and the customer each belongs to. */
export const providerAccounts = pgTable(
  'provider_accounts',
  {
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    accountId: text('account_id').notNull(),
    uscc: text('uscc').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.accountId] })],
);

/** Certificates of issuing authorities an admin loaded, against which invoice signatures are chained. */
export const trustAnchors = pgTable(
  'trust_anchors',
  {
    id: idColumn(),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    serialNumber: text('serial_number').notNull(),
    fingerprintSha256: text('fingerprint_sha256').notNull(),
    der: bytea('der').notNull(),
    notBefore: tstz('not_before'),
    notAfter: tstz('not_after'),
    addedBy: text('added_by').notNull(),
    createdAt: createdAt(),
    revokedAt: tstz('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [uniqueIndex('trust_anchors_fingerprint_key').on(t.fingerprintSha256)],
);

/** Signatures already seen inside the freshness window, so a replay is refused. */
export const providerRequestNonces = pgTable(
  'provider_request_nonces',
  {
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
    signedAt: tstz('signed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('provider_request_nonces_key').on(t.keyId, t.signature), index('provider_request_nonces_signed_at').on(t.signedAt)],
);

export const creditListings = pgTable(
  'credit_listings',
  {
    id: idColumn(),
    uscc: text('uscc').notNull(),
    list: text('list').notNull(),
    listedOn: date('listed_on').notNull(),
    removedOn: date('removed_on'),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [index('credit_listings_uscc').on(t.uscc)],
);

export const fraudFindings = pgTable(
  'fraud_findings',
  {
    id: idColumn(),
    uscc: text('uscc').notNull(),
    foundOn: date('found_on').notNull(),
    note: text('note').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('fraud_findings_uscc').on(t.uscc)],
);

/** Declared related parties (imported list): a purchase between them is a fraud signal. */
export const relatedParties = pgTable(
  'related_parties',
  {
    usccA: text('uscc_a').notNull(),
    usccB: text('uscc_b').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('related_parties_pair').on(t.usccA, t.usccB)],
);
