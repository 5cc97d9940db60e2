// The Service environment variables the kubelet gives a container when it starts: every
// Service of the pod's namespace that existed then, plus `kubernetes` from default, minus
// headless and ExternalName ones (envvars.go).
import { type KObject, type PodLike, podOf, type Service } from "../api/types.js";

function envName(s: string): string {
  return s.toUpperCase().replace(/-/g, "_");
}

/** existedAtStart tells whether a Service existed when the container started. */
export function serviceEnv(
  pod: PodLike,
  services: Service[],
  existedAtStart: (svc: Service) => boolean,
): Record<string, string>;
/** For src/kubectl, which lists Services untyped until its verbs are typed. */
export function serviceEnv(
  pod: PodLike,
  services: KObject[],
  existedAtStart: (svc: KObject) => boolean,
): Record<string, string>;
export function serviceEnv(
  untyped: PodLike,
  untypedServices: KObject[],
  existedAtStart: (svc: Service) => boolean,
): Record<string, string> {
  const pod = podOf(untyped);
  // Both overloads pass objects listed from the services resource.
  const services = untypedServices as Service[];
  const env: Record<string, string> = {};
  const wanted = services.filter(
    (s) =>
      ((s.metadata.namespace === pod.metadata.namespace && pod.spec.enableServiceLinks !== false) ||
        (s.metadata.namespace === "default" && s.metadata.name === "kubernetes")) &&
      s.spec.clusterIP &&
      s.spec.clusterIP !== "None" &&
      existedAtStart(s),
  );
  for (const s of wanted) {
    const name = envName(s.metadata.name);
    const ip = s.spec.clusterIP ?? ""; // the filter above kept Services with one
    const ports = s.spec.ports ?? [];
    if (!ports.length) continue;
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
    const proto0 = String(ports[0].protocol ?? "TCP").toLowerCase();
    env[`${name}_PORT`] = `${proto0}://${ip}:${ports[0].port}`;
    for (const p of ports) {
      const proto = String(p.protocol ?? "TCP");
      const base = `${name}_PORT_${p.port}_${proto}`;
      env[base] = `${proto.toLowerCase()}://${ip}:${p.port}`;
      env[`${base}_PROTO`] = proto.toLowerCase();
      env[`${base}_PORT`] = String(p.port);
      env[`${base}_ADDR`] = ip;
    }
  }
  return env;
}
