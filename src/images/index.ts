// The images kubesim knows: one module per image, looked up through the registry.
export {
  canonicalImage,
  currentRepo,
  type ImageInfo,
  type ImageRef,
  imageInfo,
  parseImage,
  repoKey,
} from "./catalog.js";
export { HTTPD_INDEX, httpdAccessLog } from "./httpd.js";
export { NGINX_INDEX, nginxAccessLog } from "./nginx.js";
export {
  guessedModel,
  imageModel,
  isNearMiss,
  nearMissOf,
  pullFailureMessage,
} from "./registry.js";
export type * from "./types.js";
