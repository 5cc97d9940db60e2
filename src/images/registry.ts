// Image references to models: tags, registries and digests are accepted (nginx:1.27,
// docker.io/library/httpd:2.4, registry.k8s.io/pause@sha256:...). A name one or two letters
// off a known image (htppd, ngnix) is a near miss: its pull fails as a real one would.
import { typoDistance } from "../util/edit-distance.js";
import { agnhost } from "./agnhost.js";
import { alpine } from "./alpine.js";
import { jocatalinBootcamp, kubernetesBootcamp } from "./bootcamp.js";
import { busybox, busyboxForTag } from "./busybox.js";
import { busyboxplus } from "./busyboxplus.js";
import { canonicalImage, currentRepo, imageInfo, parseImage, repoKey, tagExists } from "./catalog.js";
import { etcd, kubeApiserver, kubeControllerManager, kubeScheduler } from "./control-plane.js";
import { coredns } from "./coredns.js";
import { curlimages } from "./curl.js";
import { debian } from "./debian.js";
import { echoserver } from "./echoserver.js";
import { guessedModel as guessFor } from "./guessed.js";
import { helloAppModel } from "./hello-app.js";
import { helloFrontend } from "./hello-frontend.js";
import { helloGoGke } from "./hello-go-gke.js";
import { hpaExample } from "./hpa-example.js";
import { httpEcho } from "./http-echo.js";
import { httpd } from "./httpd.js";
import { ingressNginxController, kubeWebhookCertgen } from "./ingress-nginx/index.js";
import { jessieDnsutils } from "./jessie-dnsutils.js";
import { metallbController, metallbSpeaker } from "./metallb.js";
import { metricsServer } from "./metrics-server.js";
import { mongo } from "./mongo.js";
import { netshoot } from "./netshoot.js";
import { nginx } from "./nginx.js";
import { nginxSlimModel } from "./nginx-slim.js";
import { UBUNTU_2204_OS_RELEASE } from "./os.js";
import { python } from "./python.js";
import { redis } from "./redis.js";
import { serveHostname } from "./serve-hostname.js";
import type { ImageModel } from "./types.js";
import { ubuntu } from "./ubuntu.js";

const MODELS: Record<string, ImageModel> = {};
for (const m of [
  httpd,
  nginx,
  ubuntu,
  debian,
  busybox,
  alpine,
  python,
  curlimages,
  busyboxplus,
  netshoot,
  serveHostname,
  agnhost,
  httpEcho,
  echoserver,
  kubernetesBootcamp,
  jocatalinBootcamp,
  helloAppModel,
  helloGoGke,
  helloFrontend,
  nginxSlimModel,
  mongo,
  redis,
  hpaExample,
  metricsServer,
  ingressNginxController,
  kubeWebhookCertgen,
  metallbController,
  metallbSpeaker,
  jessieDnsutils,
  coredns,
  etcd,
  kubeApiserver,
  kubeControllerManager,
  kubeScheduler,
])
  MODELS[m.repo] = m;
// The Kubernetes project's own busybox (the docs' liveness tutorial): the same applets.
MODELS["registry.k8s.io/busybox"] = { ...busybox, repo: "registry.k8s.io/busybox" };

function keyOf(image: string): string {
  const key = repoKey(parseImage(image.trim()));
  return currentRepo(key);
}

/** Tags that change what a learner sees: ubuntu:22.04 installs curl 7.81.0, not 8.5.0. */
function forTag(model: ImageModel, tag: string): ImageModel {
  if (model.repo === "ubuntu" && /^(22\.04|jammy)/.test(tag))
    return { ...model, files: () => ({ "/etc/os-release": UBUNTU_2204_OS_RELEASE }), curlVersion: "7.81.0" };
  if (model.repo === "busybox") return busyboxForTag(tag);
  if (model.repo === "registry.k8s.io/busybox")
    return { ...busyboxForTag(tag === "latest" ? "1.27" : tag), repo: model.repo };
  return model.withTag ? model.withTag(tag) : model;
}

/** The model of a known image, whatever its tag, registry spelling or digest. */
export function imageModel(image: string): ImageModel | undefined {
  const model = MODELS[keyOf(image)];
  return model && forTag(model, parseImage(image.trim()).tag);
}

/** kind's own images (CoreDNS, etcd, the control plane, kindnet): the cluster itself, not lab images. */
const SYSTEM_IMAGE = /^(registry\.k8s\.io\/(coredns|etcd|kube-|pause)|docker\.io\/kindest\/)/;

/**
 * kubesim runs this image as a stand-in (guessedModel): it has no model of it, and it is not
 * one of kind's own. Said on kubesim's side of the output (a note on stderr), never as an event.
 */
export function isGuessedImage(image: string): boolean {
  return !imageModel(image) && !pullFails(image) && !SYSTEM_IMAGE.test(canonicalImage(image.trim()));
}

/** A stand-in for an unknown image: HTTP on its declared containerPorts, marked guessed. */
export function guessedModel(image: string): ImageModel {
  return guessFor(image, keyOf(image));
}

/**
 * A known image with its tag misspelt: `nginx:lastest`, `httpd:latset`. The repository exists,
 * so the pull fails on the tag alone ("not found"). Other tags are taken as real versions.
 */
function tagNearMiss(image: string): boolean {
  const tag = parseImage(image.trim()).tag;
  return tag !== "latest" && typoDistance(tag, "latest") <= 2 && tag.length >= 4;
}

/** The known image this name is one or two letters off (or whose tag is a typo of latest), if any. */
export function nearMissOf(image: string): string | undefined {
  const key = keyOf(image);
  if (MODELS[key]) return tagNearMiss(image) ? key : undefined;
  for (const known of Object.keys(MODELS)) {
    const d = typoDistance(key, known);
    // Short names would match too much at distance 2 (nginx vs. node is not a typo).
    const limit = known.length <= 5 ? 1 : 2;
    if (d >= 1 && d <= limit) return known;
    // A typo in the last part of a registry path: registry.k8s.io/ehcoserver.
    const slash = known.lastIndexOf("/");
    if (slash > 0 && key.startsWith(known.slice(0, slash + 1))) {
      const dl = typoDistance(key.slice(slash + 1), known.slice(slash + 1));
      if (dl >= 1 && dl <= 2) return known;
    }
  }
  return undefined;
}

export function isNearMiss(image: string): boolean {
  return nearMissOf(image) !== undefined;
}

/**
 * The pull of this image fails: a misspelt name (htppd, ngnix), or a tag the repository does
 * not have (busybox:nosuch). An image kubesim does not know is pulled as if it existed.
 */
export function pullFails(image: string): boolean {
  return isNearMiss(image) || tagExists(image) === false;
}

/**
 * The error a failing pull ends in, as the kubelet reports it (the ErrImagePull event and the
 * waiting message). containerd's "not found" reaches the kubelet as gRPC NotFound and keeps
 * its `rpc error: code = NotFound desc =` prefix; the registry's authorization failure is
 * code Unknown, which the kubelet's CRI client strips (cri-client remote_image.go).
 */
export function pullFailureMessage(image: string): string {
  const ref = canonicalImage(image.trim());
  const resolve = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}"`;
  // Docker Hub answers a repository that does not exist as one that needs a login.
  if (ref.startsWith("docker.io/") && !MODELS[keyOf(image)] && !imageInfo(image.trim()))
    return `${resolve}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
  return `rpc error: code = NotFound desc = ${resolve}: ${ref}: not found`;
}
