/** Demand pattern of Syntetos, Boylan & Croston (2005). */
export type DemandCategory = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

export interface DemandClass {
  /** Average inter-demand interval: periods per non-zero demand (Infinity when there is none). */
  readonly adi: number;
  /** Squared coefficient of variation of the non-zero demand sizes (0 with fewer than two demands). */
  readonly cv2: number;
  readonly category: DemandCategory;
}

/** ADI cut-off of Syntetos, Boylan & Croston (2005). */
export const ADI_CUTOFF = 1.32;
/** CV² cut-off of Syntetos, Boylan & Croston (2005). */
export const CV2_CUTOFF = 0.49;

/**
 * Classifies a demand series by ADI and CV² (Syntetos, Boylan & Croston 2005, "On the categorization of
 * demand patterns", *J. Oper. Res. Soc.* 56(5), 495–503): ADI > 1.32 is intermittent (CV² ≤ 0.49) or
 * lumpy (CV² > 0.49); otherwise smooth or erratic.
 */
export function classifyDemand(values: readonly number[]): DemandClass {
  const sizes = values.filter((v) => v !== 0);
  const adi = sizes.length === 0 ? Infinity : values.length / sizes.length;
  let cv2 = 0;
  if (sizes.length >= 2) {
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const variance = sizes.reduce((a, b) => a + (b - mean) ** 2, 0) / (sizes.length - 1);
    cv2 = mean !== 0 ? variance / (mean * mean) : 0;
  }
  const sparse = adi > ADI_CUTOFF;
  const variable = cv2 > CV2_CUTOFF;
  const category: DemandCategory = sparse ? (variable ? 'lumpy' : 'intermittent') : variable ? 'erratic' : 'smooth';
  return { adi, cv2, category };
}

/** True when demand occurs on fewer than one period in 1.32 (ADI > 1.32, Syntetos–Boylan–Croston 2005): use Croston/SBA/TSB. */
export function isIntermittent(values: readonly number[]): boolean {
  return classifyDemand(values).adi > ADI_CUTOFF;
}
