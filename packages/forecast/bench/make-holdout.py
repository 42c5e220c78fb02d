# Builds an in-sample hold-out from a data set's TRAINING data only (test.csv is never read):
# every K-th series, its last h training points become the hold-out "test.csv".
# usage: python3 make-holdout.py DATASET_DIR OUT_DIR [K]
import csv, os, sys
src, out = sys.argv[1], sys.argv[2]
k = int(sys.argv[3]) if len(sys.argv) > 3 else 5
os.makedirs(out, exist_ok=True)
rows = list(csv.DictReader(open(os.path.join(src, 'series.csv'))))
keep = {}
for i, r in enumerate(rows):
    if i % k == 0 and int(r['n']) - int(r['h']) >= 2 * int(r['m']) + 6:
        keep[r['unique_id']] = r
train = {}
for r in csv.DictReader(open(os.path.join(src, 'train.csv'))):
    if r['unique_id'] in keep: train.setdefault(r['unique_id'], []).append((int(r['t']), r['y']))
with open(os.path.join(out, 'series.csv'), 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['unique_id', 'n', 'h', 'm'])
    for sid, r in keep.items(): w.writerow([sid, int(r['n']) - int(r['h']), r['h'], r['m']])
with open(os.path.join(out, 'train.csv'), 'w', newline='') as ft, open(os.path.join(out, 'test.csv'), 'w', newline='') as fh:
    wt, wh = csv.writer(ft), csv.writer(fh)
    wt.writerow(['unique_id', 't', 'y']); wh.writerow(['unique_id', 't', 'y'])
    for sid, r in keep.items():
        ys = sorted(train[sid]); n = len(ys) - int(r['h'])
        for t, y in ys[:n]: wt.writerow([sid, t, y])
        for t, y in ys[n:]: wh.writerow([sid, t, y])
print(len(keep), 'series ->', out)
