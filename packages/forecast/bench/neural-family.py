# Averages the LSTM member of a --details file with an N-BEATS forecast file into one "neural family" voice (CSV
# unique_id,t,mean), for voices.py ... neural=OUT.csv --replace lstm.
# usage: python3 neural-family.py DETAILS.json NBEATS.csv OUT.csv
import csv, json, sys
details, nb, out = sys.argv[1:4]
res = json.load(open(details))
f = {}
for r in csv.DictReader(open(nb)): f.setdefault(r['unique_id'], []).append((int(r['t']), float(r['mean'])))
with open(out, 'w') as o:
    w = csv.writer(o); w.writerow(['unique_id', 't', 'mean'])
    for r in res:
        i = r['id']; ts = sorted(f[i]); lstm = (r.get('ensemble') or {}).get('members', {}).get('lstm')
        for k, (t, v) in enumerate(ts): w.writerow([i, t, (v + lstm[k]) / 2 if lstm else v])
