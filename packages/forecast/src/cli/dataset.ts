import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One series of a benchmark folder (format of shared/data/forecast/README.md). */
export interface DatasetSeries {
  readonly id: string;
  readonly n: number;
  readonly h: number;
  readonly m: number;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.length > 0);
}

/** Reads `series.csv` (`unique_id,n,h,m,...`). */
export function readSeriesCsv(dir: string): DatasetSeries[] {
  const lines = splitLines(readFileSync(join(dir, 'series.csv'), 'utf8'));
  const header = lines[0]!.split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`series.csv: missing column ${name}`);
    return i;
  };
  const [iId, iN, iH, iM] = [col('unique_id'), col('n'), col('h'), col('m')];
  return lines.slice(1).map((line) => {
    const c = line.split(',');
    return { id: c[iId]!, n: Number(c[iN]), h: Number(c[iH]), m: Number(c[iM]) };
  });
}

/**
 * Reads a long-format `unique_id,t,y` file into arrays ordered by t. Values that do not parse
 * stay NaN so that the models can report them as invalid instead of the reader hiding them;
 * missing periods (gaps in t) also stay NaN.
 */
export function readLongCsv(path: string): Map<string, number[]> {
  const lines = splitLines(readFileSync(path, 'utf8'));
  const header = lines[0]!.split(',');
  const [iId, iT, iY] = [header.indexOf('unique_id'), header.indexOf('t'), header.indexOf('y')];
  if (iId < 0 || iT < 0 || iY < 0) throw new Error(`${path}: expected columns unique_id,t,y`);
  const rows = new Map<string, Array<[number, number]>>();
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    const id = c[iId]!;
    const raw = c[iY]?.trim() ?? '';
    const y = raw === '' || raw === 'NA' ? NaN : Number(raw);
    let list = rows.get(id);
    if (!list) rows.set(id, (list = []));
    list.push([Number(c[iT]), y]);
  }
  const out = new Map<string, number[]>();
  for (const [id, list] of rows) {
    list.sort((a, b) => a[0] - b[0]);
    const t0 = list[0]![0];
    const tEnd = list[list.length - 1]![0];
    const values = new Array<number>(tEnd - t0 + 1).fill(NaN);
    for (const [t, y] of list) values[t - t0] = y;
    out.set(id, values);
  }
  return out;
}
