/** A GET or HEAD: it reads and changes nothing (what CSRF checks let pass, and what an outage 503 says was not read). */
export const readsOnly = (method: string): boolean => method === 'GET' || method === 'HEAD';
