#!/usr/bin/env bash
# A second opinion on `npm run bench`: a plain shell loop that times `node -e ''` and the
# same seed-cluster commands in turn, in one environment (the caller's, as bench.mjs uses),
# and prints each command's median and its ratio. Run with NODE_EXTRA_CA_CERTS set and
# unset to see that the ratios hold either way.  Usage: bash bench/crosscheck.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export KUBESIM_HOME=$home KUBESIM_TIME_SCALE=0
node dist/kubesim.cjs cluster create kubesim --nodes 3 >/dev/null

ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(((t1 - t0) / 1000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A times
names=("node -e ''" "get pods" "apply -f manifests/pods.yml")
for ((i = 0; i < runs; i++)); do
  times[0]+="$(ms node -e '') "
  times[1]+="$(ms node dist/kubesim.cjs get pods) "
  times[2]+="$(ms node dist/kubesim.cjs apply -f manifests/pods.yml) "
done
base=$(tr ' ' '\n' <<<"${times[0]}" | grep . | median)
echo "NODE_EXTRA_CA_CERTS $([ -n "${NODE_EXTRA_CA_CERTS:-}" ] && echo set || echo unset); $runs runs, medians"
for j in 0 1 2; do
  m=$(tr ' ' '\n' <<<"${times[$j]}" | grep . | median)
  awk -v n="${names[$j]}" -v m="$m" -v b="$base" 'BEGIN { printf "  %-30s %7.1f ms  %.2fx\n", n, m / 1000, m / b }'
done
