# Scores mean / median / trimmed-mean combinations of the member forecasts in a --details file against DIR/test.csv.
# usage: python3 combos.py DATASET_DIR DETAILS.json
import csv, json, sys, itertools, statistics as st
ds, details = sys.argv[1], sys.argv[2]
def load(path):
    d = {}
    for r in csv.DictReader(open(path)): d.setdefault(r['unique_id'], []).append((int(r['t']), float(r['y'])))
    return {k: [y for _, y in sorted(v)] for k, v in d.items()}
train, test = load(ds + '/train.csv'), load(ds + '/test.csv')
m = {r['unique_id']: int(r['m']) for r in csv.DictReader(open(ds + '/series.csv'))}
res = json.load(open(details))
def scale(y, lag):
    if len(y) <= lag: lag = 1
    return sum(abs(y[i] - y[i - lag]) for i in range(lag, len(y))) / (len(y) - lag)
def score(fc):  # fc: id -> list
    s = q = n = 0
    for k, f in fc.items():
        y = test[k]; sc = scale(train[k], m[k])
        for a, b in zip(y, f):
            s += 200 * abs(a - b) / (abs(a) + abs(b)) if (abs(a) + abs(b)) > 0 else 0
            q += abs(a - b) / sc; n += 1
    return s / n, q / n
members = {}
ens = {}
for r in res:
    ens[r['id']] = r['mean']
    for k, v in (r.get('ensemble') or {}).get('members', {}).items(): members.setdefault(k, {})[r['id']] = v
ids = list(ens)
print('ensemble(as run)', '%.3f %.4f' % score(ens))
names = sorted(members)
for k in names: print(k, '%.3f %.4f' % score({i: members[k][i] for i in ids if i in members[k]}), len(members[k]))
def comb(sub, how):
    out = {}
    for i in ids:
        vs = [members[k][i] for k in sub if i in members[k]]
        if not vs: vs = [ens[i]]
        h = len(vs[0])
        if how == 'mean': out[i] = [sum(v[t] for v in vs) / len(vs) for t in range(h)]
        elif how == 'median': out[i] = [st.median(v[t] for v in vs) for t in range(h)]
        else:
            def tm(xs):
                xs = sorted(xs)
                return sum(xs[1:-1]) / (len(xs) - 2) if len(xs) > 3 else sum(xs) / len(xs)
            out[i] = [tm([v[t] for v in vs]) for t in range(h)]
    return out
rows = []
for r in range(3, len(names) + 1):
    for sub in itertools.combinations(names, r):
        for how in ('mean', 'median', 'trim'):
            if how == 'trim' and r < 4: continue
            s, q = score(comb(sub, how)); rows.append((s, q, how, ','.join(sub)))
rows.sort()
for x in rows[:25]: print('%.3f %.4f %s %s' % x)
print('...')
for how in ('mean','median','trim'):
    s,q=score(comb(names,how)); print('ALL',how,'%.3f %.4f'%(s,q))
for sub in [('arima','dotm','ets','otm','theta'), ('arima','dotm','ets','lstm','otm','rf','theta'), ('arima','dotm','ets','lstm','otm','prophet','rf','theta')]:
    for how in ('mean','median','trim'):
        s,q=score(comb(sub,how)); print('SUB',how,','.join(sub),'%.3f %.4f'%(s,q))
