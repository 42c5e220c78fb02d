import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function dataset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
  const ids = ['A', 'B', 'C', 'D', 'E'];
  const series = ['unique_id,n,h,m,category', ...ids.map((id) => `${id},${id === 'E' ? 4 : 30},6,4,TEST`)];
  const rows = ['unique_id,t,y'];
  for (const id of ids) {
    const n = id === 'E' ? 4 : 30;
    for (let t = 1; t <= n; t++) {
      let y = String(100 + t + 10 * Math.sin(t) + ids.indexOf(id) * 5);
      if (id === 'C' && t === 7) y = 'oops';
      if (id === 'D') y = '0';
      rows.push(`${id},${t},${y}`);
    }
  }
  writeFileSync(join(dir, 'series.csv'), `${series.join('\n')}\n`);
  writeFileSync(join(dir, 'train.csv'), `${rows.join('\n')}\n`);
  // test.csv deliberately holds garbage: the forecast command must never read it
  writeFileSync(join(dir, 'test.csv'), 'this file must not be read\n');
  return dir;
}

describe('forecast CLI', () => {
  it('when run on a folder with bad series, then it writes every series with finite values on two workers and reports fallbacks', () => {
    const dir = dataset();
    const out = join(dir, 'out.csv');
    execFileSync('npx', ['tsx', 'packages/forecast/src/cli/forecast.ts', '--input', dir, '--output', out, '--members', 'ets,theta'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('unique_id,t,mean,lo_80,hi_80,lo_95,hi_95');
    expect(lines).toHaveLength(1 + 5 * 6);
    const a = lines.filter((l) => l.startsWith('A,'));
    expect(a.map((l) => l.split(',')[1])).toEqual(['31', '32', '33', '34', '35', '36']);
    for (const l of lines.slice(1)) for (const v of l.split(',').slice(2)) expect(Number.isFinite(Number(v))).toBe(true);
    expect(lines.filter((l) => l.startsWith('E,'))[0]!.split(',')[1]).toBe('5');
  }, 120_000);

  it('when the run finishes, then stderr names the fallen-back series with their reasons and the wall time', () => {
    const dir = dataset();
    const out = join(dir, 'out.csv');
    const stderr = execFileSync('sh', ['-c', `npx tsx packages/forecast/src/cli/forecast.ts --input ${dir} --output ${out} --model theta 2>&1 1>/dev/null`], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(stderr).toMatch(/C: moving_average \(invalid_values/);
    expect(stderr).toMatch(/2 workers, wall time [0-9.]+ s/);
  }, 120_000);

  it('when the ensemble runs as member tasks, then one and two workers give the same forecasts (global members train on every series)', () => {
    const dir = dataset();
    const run = (workers: string): string => {
      const out = join(dir, `out-${workers}.csv`);
      execFileSync('npx', ['tsx', 'packages/forecast/src/cli/forecast.ts', '--input', dir, '--output', out, '--members', 'theta,global_linear,naive,snaive', '--workers', workers], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      return readFileSync(out, 'utf8');
    };
    const one = run('1');
    expect(one.trim().split('\n')).toHaveLength(1 + 5 * 6);
    expect(run('2')).toBe(one);
  }, 120_000);
});
