import type { Model } from './model.ts';
import { autoArima } from './models/arima.ts';
import { croston, sba, tsb } from './models/croston.ts';
import { ets } from './models/ets.ts';
import { globalLinear } from './models/global-linear.ts';
import { lstm } from './models/lstm.ts';
import { nbeats } from './models/nbeats.ts';
import { naive, naive2, seasonalNaive } from './models/naive.ts';
import { prophet } from './models/prophet.ts';
import { randomForest } from './models/random-forest.ts';
import { dynamicOptimisedTheta, optimisedTheta, theta } from './models/theta.ts';

/** Every model by its stable name (the CLI's `--model` values, stored with results). */
export const models: Readonly<Record<string, Model>> = Object.fromEntries(
  ([naive, seasonalNaive, naive2, ets, theta, optimisedTheta, dynamicOptimisedTheta, autoArima, croston, sba, tsb, prophet, lstm, randomForest, globalLinear, nbeats] as Model[]).map(
    (m) => [m.name, m],
  ),
);

/** Looks a model up by name; throws a RangeError listing the valid names. */
export function getModel(name: string): Model {
  const m = models[name];
  if (!m) throw new RangeError(`unknown model "${name}"; available: ${Object.keys(models).join(', ')}, ensemble`);
  return m;
}
