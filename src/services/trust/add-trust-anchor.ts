import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { trustAnchors } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { actorOf } from '../../identity/principal.js';
import { certificateView, loadPkijs, parsesAsCertificate } from '../../invoices/signature/index.js';
import { conflict, invalid } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { trustAnchorView } from './trust-anchor-view.js';

export const AddTrustAnchorBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** PEM ('-----BEGIN CERTIFICATE-----' …) or the DER bytes in base64. */
  certificate: z.string().min(16).max(64 * 1024),
});
export type AddTrustAnchorBody = z.infer<typeof AddTrustAnchorBody>;

function derOf(text: string): Uint8Array {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/u.exec(text);
  const b64 = (pem ? pem[1]! : text).replace(/\s+/gu, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/u.test(b64)) return new Uint8Array(0);
  return Uint8Array.from(Buffer.from(b64, 'base64'));
}

/**
 * An admin loads the certificate of an issuing authority (a tax bureau's signing certificate, an
 * e-invoice CA): invoice signatures whose chain reaches it are reported as checked against it.
 */
export async function addTrustAnchor(ctx: ServiceContext, body: AddTrustAnchorBody) {
  const p = assertRole(ctx, 'admin');
  const der = derOf(body.certificate);
  const bad = () => invalid('INVALID_CERTIFICATE', 'the certificate is not a PEM or base64 DER X.509 certificate', [{ path: 'certificate', message: 'not a readable X.509 certificate' }]);
  if (der.length === 0 || !parsesAsCertificate(der)) throw bad();
  let view;
  try {
    view = certificateView(await loadPkijs(), der);
  } catch {
    throw bad();
  }
  const info = view.info;
  return verb(ctx, async (tx) => {
    const [existing] = await tx.select({ id: trustAnchors.id }).from(trustAnchors).where(eq(trustAnchors.fingerprintSha256, info.fingerprintSha256!)).limit(1);
    if (existing) throw conflict('TRUST_ANCHOR_EXISTS', `this certificate is already held as trust anchor ${existing.id}`);
    const [row] = await tx
      .insert(trustAnchors)
      .values({
        id: newId('tra'),
        name: body.name,
        subject: info.subject,
        issuer: info.issuer ?? '',
        serialNumber: info.serialNumber ?? '',
        fingerprintSha256: info.fingerprintSha256!,
        der: Buffer.from(der),
        notBefore: info.notBefore ? new Date(info.notBefore) : null,
        notAfter: info.notAfter ? new Date(info.notAfter) : null,
        addedBy: actorOf(p),
      })
      .returning();
    const view = trustAnchorView(row!);
    const { certificate: _pem, ...summary } = view;
    return { result: view, audit: { action: 'trust_anchor.added', entityType: 'trust_anchor', entityId: view.id, after: summary } };
  });
}
