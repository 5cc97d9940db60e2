import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { admit } from "./testutil.js";
import { formatFieldError } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const obj = (kind: string, rest: object): KObject =>
  ({ apiVersion: "v1", kind, metadata: { name: "x", namespace: "default" }, ...rest }) as KObject;
const messages = (o: KObject) => validate(admit(o)).map(formatFieldError);

describe("ConfigMap, Secret and ServiceAccount admission", () => {
  it("merges stringData into data and defaults the type", () => {
    const s = admit(obj("Secret", { data: { a: "YQ==" }, stringData: { a: "b", c: "d" } }));
    expect(s.data).toEqual({ a: "Yg==", c: "ZA==" });
    expect(s.stringData).toBeUndefined();
    expect(s.type).toBe("Opaque");
  });

  it("checks keys and the data each secret type requires", () => {
    expect(messages(obj("ConfigMap", { data: { "a b": "1", ok: "2" }, binaryData: { ok: "AA==" } }))).toEqual(
      [
        `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
        'data[ok]: Invalid value: "ok": duplicate of key present in binaryData',
      ],
    );
    expect(messages(obj("Secret", { type: "kubernetes.io/tls", data: {} }))).toEqual([
      "data[tls.crt]: Required value",
      "data[tls.key]: Required value",
    ]);
    expect(messages(obj("Secret", { type: "kubernetes.io/basic-auth", data: { password: "" } }))).toEqual([]);
    expect(messages(obj("Secret", { type: "kubernetes.io/dockerconfigjson" }))).toEqual([
      "data[.dockerconfigjson]: Required value",
    ]);
    expect(messages(obj("Secret", { type: "kubernetes.io/service-account-token" }))).toEqual([
      "metadata.annotations[kubernetes.io/service-account.name]: Required value",
    ]);
    expect(messages(obj("ServiceAccount", {}))).toEqual([]);
  });
});
