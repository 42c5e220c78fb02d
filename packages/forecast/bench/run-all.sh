#!/usr/bin/env bash
# Regenerates the results table in packages/forecast/bench/README.md with the benchmark CLI.
# Usage (from anywhere): packages/forecast/bench/run-all.sh [DATASETS] [MODELS]
#   DATASETS default: "m3/yearly m3/quarterly m3/monthly m3/other m4/weekly"
#   MODELS   default: every registered model and the ensemble; "ensemble+a,b,c" runs the ensemble
#            with members a,b,c (e.g. ensemble+ets,theta,dotm,arima); a suffix "@P" makes the models use
#            seasonal period P instead of series.csv's m (e.g. ensemble@52 on M4 weekly; scoring keeps m)
# Data: ../shared/data/forecast relative to the repo root (override with FORECAST_DATA=/path).
# Each run appends one JSON line to bench/results.jsonl (model, dataset, wall seconds, scores);
# make-table.ts turns the latest line per (dataset, model) into the README table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
data="${FORECAST_DATA:-$root/../shared/data/forecast}"
datasets="${1:-m3/yearly m3/quarterly m3/monthly m3/other m4/weekly}"
models="${2:-naive snaive naive2 theta otm dotm ets arima croston sba tsb prophet rf lstm nbeats ensemble}"
out="${FORECAST_BENCH_OUT:-/tmp/forecast-bench}"
mkdir -p "$out"
cd "$root"
for ds in $datasets; do
  for model in $models; do
    file="$out/$(echo "$ds" | tr / _)-$(echo "$model" | tr '+,@' '___').csv"
    name="${model%@*}"
    period=()
    [[ "$model" == *@* ]] && period=(--period "${model##*@}")
    args=(--model "$name")
    case "$name" in
      ensemble+*) args=(--model ensemble --members "${name#ensemble+}") ;;
    esac
    args+=("${period[@]}")
    echo ">> $ds $model" >&2
    start=$(date +%s.%N)
    if npm run -s forecast -- --input "$data/$ds" --output "$file" "${args[@]}" 2> "$file.log"; then
      end=$(date +%s.%N)
      wall=$(echo "$end - $start" | bc)
      fallbacks=$(grep -c '^  ' "$file.log" || true)
      cpu=$(grep -o 'cpu time [0-9.]*' "$file.log" | tail -1 | awk '{print $3}')
      score=$(npm run -s forecast:score -- "$data/$ds" "$file" --json)
      echo "{\"dataset\":\"$ds\",\"model\":\"$model\",\"wall\":$wall,\"cpu\":${cpu:-null},\"fallbacks\":$fallbacks,\"at\":\"$(date -u +%FT%TZ)\",\"score\":$score}" >> "$here/results.jsonl"
      tail -1 "$file.log" >&2
    else
      echo "{\"dataset\":\"$ds\",\"model\":\"$model\",\"failed\":true,\"at\":\"$(date -u +%FT%TZ)\"}" >> "$here/results.jsonl"
      tail -5 "$file.log" >&2
    fi
  done
done
npx tsx "$here/make-table.ts"
