#!/bin/bash
# Regenerates the expected outputs in this directory from the real kubectl v1.32, via the
# oracle (see /work/shared/tools/README.md). Each NAME.json is what `kubectl get ... -o json`
# printed and NAME.yaml what `-o yaml` printed for the same query; the tests feed the parsed
# JSON to toJson()/toYaml() and expect the same bytes back.
set -euo pipefail
cd "$(dirname "$0")"
ORACLE=/work/shared/tools/kubectl-oracle.mjs
EXAMPLES=/work/shared/tools/example-objects.json
get() { # get FILE-STEM OBJECTS -- kubectl get args...
  local stem=$1 objs=$2; shift 3
  node "$ORACLE" "$objs" -- get "$@" -o json >"$stem.json"
  node "$ORACLE" "$objs" -- get "$@" -o yaml >"$stem.yaml"
}
# Every example object on its own.
node -e '
const l = require(process.argv[1]);
const plural = { Namespace: "namespaces", Node: "nodes", Lease: "leases.coordination.k8s.io", Pod: "pods",
  Deployment: "deployments.apps", ReplicaSet: "replicasets.apps", Service: "services", Endpoints: "endpoints",
  EndpointSlice: "endpointslices.discovery.k8s.io", Event: "events" };
for (const o of l.items) console.log(plural[o.kind], o.metadata.name, o.metadata.namespace || "-", o.kind.toLowerCase());
' "$EXAMPLES" | while read -r res name ns kind; do
  if [ "$ns" = - ]; then get "example-$kind-$name" "$EXAMPLES" -- "$res" "$name"; else get "example-$kind-$name" "$EXAMPLES" -- "$res" "$name" -n "$ns"; fi
done
# Lists: several items, all namespaces, one item (still wrapped), none, two kinds at once.
get list-pods "$EXAMPLES" -- pods
get list-pods-all-namespaces "$EXAMPLES" -- pods -A
get list-nodes "$EXAMPLES" -- nodes
get list-events "$EXAMPLES" -- events
get list-one-item "$EXAMPLES" -- pods -l pod-template-hash=5d9c7b8f64
get list-empty "$EXAMPLES" -- pods -l nomatch=1
get list-two-kinds "$EXAMPLES" -- services,endpoints
# Quoting, folding, key order, numbers and BOM edge cases.
get crafted-quoting crafted-objects.json -- configmap quoting
get crafted-numbers crafted-objects.json -- configmap numbers
get crafted-bom crafted-objects.json -- configmap bom
get crafted-realistic crafted-objects.json -- deployment realistic
get crafted-list-mixed crafted-objects.json -- configmaps,deployments
# A character Go's JSON encoder passes through but go-yaml refuses.
node "$ORACLE" control-char.json -- get configmap ctl -o yaml >/dev/null 2>control-char.stderr || true
