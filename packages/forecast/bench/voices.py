# Offline recombination of a --details file (numpy): every member's score, the family median as run, and the family
# median with each extra forecast file added as one more voice or put in place of a voice.
# usage: python3 voices.py DATASET_DIR DETAILS.json [NAME=FORECAST.csv ...] [--replace VOICE]
#   (VOICE: a member outside a family, or a family: theta, neural)
#   (DATASET_DIR/test.csv holds the actuals; on an in-sample hold-out from make-holdout.py that is the hold-out)
import csv, json, sys
import numpy as np
args = [a for a in sys.argv[1:] if not a.startswith('--')]
replace = sys.argv[sys.argv.index('--replace') + 1] if '--replace' in sys.argv else None
if replace: args = [a for a in args if a != replace]
ds, details, extras = args[0], args[1], args[2:]
def load(path, col):
    d = {}
    for r in csv.DictReader(open(path)): d.setdefault(r['unique_id'], []).append((int(r['t']), float(r[col])))
    return {k: np.array([y for _, y in sorted(v)]) for k, v in d.items()}
train, test = load(ds + '/train.csv', 'y'), load(ds + '/test.csv', 'y')
m = {r['unique_id']: int(r['m']) for r in csv.DictReader(open(ds + '/series.csv'))}
res = json.load(open(details))
ids = [r['id'] for r in res]
h = len(test[ids[0]])
ens = np.array([r['mean'] for r in res])
members = {}
for r in res:
    for k, v in (r.get('ensemble') or {}).get('members', {}).items(): members.setdefault(k, {})[r['id']] = np.array(v)
forecasts = {k: np.array([v.get(i, np.full(h, np.nan)) for i in ids]) for k, v in members.items()}
for e in extras:
    name, path = e.split('=')
    f = load(path, 'mean'); forecasts[name] = np.array([f[i] for i in ids])
Y = np.array([test[i] for i in ids])
def scale(y, lag):
    if len(y) <= lag: lag = 1
    return np.mean(np.abs(y[lag:] - y[:-lag]))
SC = np.array([scale(train[i], m[i]) for i in ids])
def score(F):
    F = np.where(np.isnan(F), ens, F)  # a member the ensemble excluded for a series: the ensemble's forecast
    return (200 * np.abs(Y - F) / np.maximum(np.abs(Y) + np.abs(F), 1e-12)).mean(), (np.abs(Y - F) / SC[:, None]).mean()
print('%-28s %.3f %.4f' % (('as run',) + score(ens)))
for k in sorted(forecasts): print('%-28s %.3f %.4f' % ((k,) + score(forecasts[k])))
FAMILIES = {'theta': ('theta', 'otm', 'dotm'), 'neural': ('lstm', 'nbeats')}  # as MEMBER_FAMILIES in src/ensemble/ensemble.ts
grouped = {k for ks in FAMILIES.values() for k in ks}
voices = {k: forecasts[k] for k in members if k not in grouped}
for fam, ks in FAMILIES.items():
    if any(k in members for k in ks): voices[fam] = np.nanmean(np.stack([forecasts[k] for k in ks if k in members]), axis=0)
fm = lambda vs: np.nanmedian(np.stack(list(vs.values())), axis=0)
print('%-28s %.3f %.4f' % (('family median',) + score(fm(voices))))
for e in extras:
    name = e.split('=')[0]
    v = dict(voices)
    if replace: v[replace] = forecasts[name]
    else: v['+' + name] = forecasts[name]
    print('%-28s %.3f %.4f' % (((replace + ' := ' if replace else '+ ') + name,) + score(fm(v))))
