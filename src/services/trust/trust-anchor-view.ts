import { trustAnchors } from '../../db/schema/index.js';

export type TrustAnchorRow = typeof trustAnchors.$inferSelect;

/** The API's trust anchor: the certificate's identity and its state, with the certificate as PEM. */
export function trustAnchorView(row: TrustAnchorRow) {
  const b64 = Buffer.from(row.der).toString('base64');
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    issuer: row.issuer,
    serialNumber: row.serialNumber,
    fingerprintSha256: row.fingerprintSha256,
    notBefore: row.notBefore?.toISOString() ?? null,
    notAfter: row.notAfter?.toISOString() ?? null,
    addedBy: row.addedBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy,
    certificate: `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/gu)!.join('\n')}\n-----END CERTIFICATE-----\n`,
  };
}
