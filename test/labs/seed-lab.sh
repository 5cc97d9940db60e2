#!/usr/bin/env bash
# The seed labs 2 and 3 as a learner scripts them: apply the course manifests, pull values
# out with -o jsonpath, curl them, then let `kubesim check` confirm the end state. The
# kubectl lines are the lab's own and run unchanged on a real cluster; here shellenv makes
# kubectl mean kubesim (an alias would not reach a script). Run from the project root; any
# failing command stops the script (set -e), as it would against a real cluster.
set -euo pipefail

# kubesim from PATH (npm link, a global install), else this checkout's own.
command -v kubesim >/dev/null || PATH="$(cd "$(dirname "$0")/../.." && pwd)/bin:$PATH"
eval "$(kubesim shellenv)"

type kubectl

# Lab 2: pod to pod via pod IP.
kubectl apply -f manifests/interpod-pod1.yml -f manifests/interpod-pod2.yml
kubectl wait --for=condition=Ready pod/testpod1 pod/testpod2 --timeout=120s
POD_IP=$(kubectl get pod testpod2 -o jsonpath='{.status.podIP}')
echo "testpod2 has IP ${POD_IP}"
kubesim curl -s "http://${POD_IP}:80/"
kubesim check manifests/checks/lab2-pod-to-pod.yml

# Lab 3: a ClusterIP Service in front of a Deployment.
kubectl apply -f manifests/deployhttpd.yml
kubectl rollout status deployment/mydeployments --timeout=120s
kubectl apply -f manifests/service.yml
CLUSTER_IP=$(kubectl get svc demoservice -o jsonpath='{.spec.clusterIP}')
CODE=$(kubesim curl -s -o /dev/null -w '%{http_code}' "http://${CLUSTER_IP}/")
echo "demoservice at ${CLUSTER_IP} answered ${CODE}"
[ "${CODE}" = 200 ]
kubesim check manifests/checks/lab3-clusterip.yml

# A check that fails must fail the script's test of it, not the script.
if kubesim check manifests/checks/lab1-pods.yml >/dev/null; then
  echo "lab 1's check passed without testpod" >&2
  exit 1
fi
echo "seed lab done"
