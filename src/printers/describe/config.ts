// kubectl describe configmap / secret / serviceaccount (ConfigMapDescriber, SecretDescriber,
// ServiceAccountDescriber in kubectl v1.32). Go ranges over the data maps in random order;
// kubesim lists keys in byte order.
import type { KObject } from "../../api/types.js";
import {
  type Any,
  byteCompare,
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { LEVEL_0, tabbedString } from "./writer.js";

const sortedKeys = (m: Record<string, unknown> | undefined): string[] =>
  Object.keys(m ?? {}).sort(byteCompare);

const byteLen = (b64: unknown) => Buffer.from(String(b64 ?? ""), "base64").length;

export function describeConfigMap(cm: KObject, events: KObject[], now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data[k]}\n`);
      w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${byteLen(cm.binaryData[k])} bytes\n`);
    w.write(LEVEL_0, "\n");
    describeEvents(events, w, now);
  });
}

export function describeSecret(s: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${s.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${s.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", s.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", s.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${s.type ?? ""}\n`);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sortedKeys(s.data)) {
      if (k === "token" && s.type === "kubernetes.io/service-account-token") {
        w.write(LEVEL_0, `${k}:\t${Buffer.from(String(s.data[k] ?? ""), "base64").toString("utf8")}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${byteLen(s.data[k])} bytes\n`);
      }
    }
  });
}

/** `secrets`: the Secrets of the account's namespace (for its tokens and the names it misses). */
export function describeServiceAccount(
  sa: KObject,
  secrets: KObject[],
  events: KObject[],
  now: number,
): string {
  const have = new Set(secrets.map((s) => s.metadata.name));
  const tokens = secrets
    .filter(
      (s) =>
        s.type === "kubernetes.io/service-account-token" &&
        s.metadata.annotations?.["kubernetes.io/service-account.name"] === sa.metadata.name &&
        s.metadata.annotations?.["kubernetes.io/service-account.uid"] === sa.metadata.uid,
    )
    .map((s) => s.metadata.name ?? "");
  const pull = ((sa.imagePullSecrets ?? []) as Any[]).map((s) => String(s.name ?? ""));
  const mount = ((sa.secrets ?? []) as Any[]).map((s) => String(s.name ?? ""));
  const missing = new Set([...pull, ...mount].filter((n) => !have.has(n)));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", sa.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", sa.metadata.annotations);
    const empty = "                   ";
    const sections: [string, string[]][] = [
      ["Image pull secrets:", pull],
      ["Mountable secrets: ", mount],
      ["Tokens:            ", tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? " (not found)" : ""}\n`);
        prefix = empty;
      }
    }
    describeEvents(events, w, now);
  });
}
