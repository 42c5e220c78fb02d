import { ForecastError, type FitOptions, type Fitted, type Forecast, type ForecastOptions, type Model, type Series } from '../model.ts';
import { bldMbbBootstrap } from '../features/bld-mbb.ts';
import { seededRandom } from '../features/seeded-random.ts';

/** Tuning knobs, passed as `options.bagging` to `fit`. */
export interface BaggingOptions {
  /** Series per fit, the original included (default 10). */
  readonly count?: number;
}

export interface BaggedState<S> {
  /** The base model's fit on the original series first, then on each bootstrap series that could be fitted. */
  readonly fits: Fitted<S>[];
}

/**
 * Bagging (Bergmeir, Hyndman & Benítez 2016): the base model is fitted to the original series and to BLD-MBB
 * bootstrap replicates of it ({@link bldMbbBootstrap}); the point forecast and the interval bounds are the means
 * over the fits. Fitted values and residuals are the original series' fit.
 */
export function baggedModel<S>(base: Model<S>, name: string): Model<BaggedState<S>> {
  const fit = (series: Series, options?: FitOptions): Fitted<BaggedState<S>> => {
    const cfg = (options?.bagging ?? {}) as BaggingOptions;
    const count = Math.max(1, Math.round(cfg.count ?? Number(process.env.BAG_COUNT ?? 10)));
    const rng = seededRandom(typeof options?.seed === 'number' ? options.seed : 1);
    const first = base.fit(series, options);
    const fits: Fitted<S>[] = [first];
    const samples = bldMbbBootstrap(series.values, series.period, count, rng);
    for (let b = 1; b < samples.length; b++) {
      try {
        const refit = process.env.BAG_REFIT === '1' && base.refitOptions ? { ...options, ...base.refitOptions(first) } : options;
        fits.push(base.fit({ ...series, values: samples[b]! }, refit));
      } catch (e) {
        if (!(e instanceof ForecastError)) throw e;
      }
    }
    return { model: name, state: { fits }, fitted: first.fitted, residuals: first.residuals };
  };
  const forecast = (fitted: Fitted<BaggedState<S>>, options: ForecastOptions): Forecast => {
    const all = fitted.state.fits.map((f) => base.forecast(f, options));
    const k = all.length;
    const avg = (pick: (f: Forecast) => number[]): number[] => {
      const out = new Array<number>(options.h).fill(0);
      for (const f of all) pick(f).forEach((v, i) => (out[i]! += v / k));
      return out;
    };
    const mean = avg((f) => f.mean);
    const intervals = all[0]!.intervals.map((iv, j) => ({
      level: iv.level,
      lower: avg((f) => f.intervals[j]!.lower),
      upper: avg((f) => f.intervals[j]!.upper),
    }));
    return { mean, intervals };
  };
  return { name, minLength: base.minLength, fit, forecast };
}
