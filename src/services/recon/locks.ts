/**
 * Matching runs take turns under this advisory lock: two runs writing the same line's match would otherwise
 * race. Storing a year position takes it too, so a position is never stored over a run's newer one.
 */
export const RECON_LOCK = 7_310_002;
