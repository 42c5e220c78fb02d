/** A 0–1 ratio as "82.4 %", or a dash when undefined. */
export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}\u00a0%`);
