import type { ModelComparison } from '@sentia/contracts/forecasting';

const num = (v: number | null, digits = 1) => (v === null ? '—' : v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)} %`);

/** Per-model rolling-origin backtest metrics beside the ensemble weights. */
export function ModelComparisonTable({ rows }: { rows: ModelComparison[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Model comparison on rolling-origin backtests</caption>
        <thead className="text-left text-muted-foreground">
          <tr className="border-b">
            <th scope="col" className="py-2 pr-3 font-medium">Model</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Weight</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium" title="Forecast accuracy = 100 − WAPE">Accuracy</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">MAPE</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">RMSE</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">MAE</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">MASE</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">80 % cover</th>
            <th scope="col" className="py-2 text-right font-medium">95 % cover</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} className="border-b last:border-0" title={r.excludedReason ?? undefined}>
              <th scope="row" className="py-2 pr-3 text-left font-medium">
                {r.model}
                {r.excludedReason ? <span className="block text-xs font-normal text-muted-foreground">{r.excludedReason}</span> : null}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">{r.model.startsWith('ensemble') ? '—' : r.weight === null ? '—' : `${(r.weight * 100).toFixed(0)} %`}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.accuracy === null ? '—' : `${num(r.accuracy)} %`}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{r.mape === null ? '—' : `${num(r.mape)} %`}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{num(r.rmse)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{num(r.mae)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{num(r.mase, 2)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{pct(r.coverage80)}</td>
              <td className="py-2 text-right tabular-nums">{pct(r.coverage95)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
