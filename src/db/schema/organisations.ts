import { pgTable, text, uniqueIndex, index, date, boolean } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tstz } from './columns.js';

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
    keyId: text('key_id').notNull(),
    /** AES-256-GCM sealed HMAC secret: HMAC verification needs the secret itself, so it cannot be a hash. */
    secretSealed: text('secret_sealed').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('providers_uscc_key').on(t.uscc), uniqueIndex('providers_key_id_key').on(t.keyId)],
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
