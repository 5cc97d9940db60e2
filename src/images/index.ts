// The images kubesim knows: one module per image, looked up through the registry.

export { type BusyboxRelease, busyboxRelease } from "./busybox.js";
export {
  canonicalImage,
  currentRepo,
  type ImageInfo,
  type ImageRef,
  imageInfo,
  parseImage,
  repoKey,
  tagExists,
} from "./catalog.js";
export { HTTPD_INDEX, httpdAccessLog } from "./httpd.js";
export { NGINX_INDEX, nginxAccessLog } from "./nginx.js";
export {
  guessedModel,
  imageModel,
  isGuessedImage,
  isNearMiss,
  nearMissOf,
  pullFails,
  pullFailureMessage,
} from "./registry.js";
export type * from "./types.js";
