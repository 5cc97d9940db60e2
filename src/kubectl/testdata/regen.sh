#!/bin/bash
# Regenerates the expected outputs of the -f fixtures from the real kubectl v1.32 through the
# oracle (see /work/shared/tools/README.md). Writes (never edits inputs):
#   manifests/CASE/{stdout,stderr,rc}: `kubectl create --dry-run=client -o name ARGS` run inside
#                                      CASE, with ARGS from CASE/cmd and stdin from CASE/stdin
#   values.stdout, values.stderr:      `kubectl create -f values --dry-run=client -o json --validate=false`
#   yaml-errors.stdout/.stderr:        the same with -o name over yaml-errors/
# The oracle serves no OpenAPI, so with validation on every well-formed document fails with
# "failed to download openapi"; manifests.test.ts reproduces that part of the environment.
set -uo pipefail
cd "$(dirname "$0")"
ORACLE=/work/shared/tools/kubectl-oracle.mjs
EXAMPLES=/work/shared/tools/example-objects.json
for dir in manifests/*/; do
  (
    cd "$dir" || exit 1
    mapfile -t args <cmd
    input=/dev/null
    [ -f stdin ] && input=stdin
    node "$ORACLE" "$EXAMPLES" -- create --dry-run=client -o name "${args[@]}" <"$input" >stdout 2>stderr
    echo $? >rc
  )
done
node "$ORACLE" "$EXAMPLES" -- create -f values --dry-run=client -o json --validate=false >values.stdout 2>values.stderr
node "$ORACLE" "$EXAMPLES" -- create -f yaml-errors --dry-run=client -o name --validate=false >yaml-errors.stdout 2>yaml-errors.stderr
exit 0
