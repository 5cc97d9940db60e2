// The sources `create configmap` and `create secret` read their data from, as kubectl's
// pkg/cmd/create and cmdutil do it: --from-literal=k=v, --from-file=[key=]path (a directory
// gives one key per regular file), --from-env-file=path (KEY=value lines), each with
// kubectl's error texts.

import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { posix } from "node:path";
import { isConfigMapKey } from "../../apiserver/admission/validation/names.js";
import type { UserFiles } from "../userfiles.js";

/** One key and its bytes, in the order the sources give them. */
export interface DataEntry {
  key: string;
  value: Buffer;
}

/** The Go text of a file error (os.PathError's Err). */
function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const what: Record<string, string> = {
    EACCES: "permission denied",
    ENOENT: "no such file or directory",
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
  };
  return what[code ?? ""] ?? (e as Error).message;
}

/** util.ParseLiteralSource. */
export function parseLiteralSource(source: string): [string, string] {
  const i = source.indexOf("=");
  if (i <= 0) throw new Error(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** util.ParseFileSource: `path` (the key is its base name) or `key=path`. */
export function parseFileSource(source: string): [string, string] {
  const n = source.split("=").length - 1;
  if (n === 0) return [posix.basename(source), source];
  if (n === 1 && source.startsWith("=")) throw new Error(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith("="))
    throw new Error(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new Error("key names or file paths cannot contain '='");
  const [k, p] = source.split("=");
  return [k, p];
}

/** The entries of the --from-file sources: a file is one key, a directory one key per regular file. */
export function fileSources(files: UserFiles, sources: string[]): DataEntry[] {
  const out: DataEntry[] = [];
  for (const source of sources) {
    const [key, path] = parseFileSource(source);
    let dir: boolean;
    try {
      dir = files.stat(path).isDirectory();
    } catch (e) {
      throw new Error(`error reading ${path}: ${errnoText(e)}`);
    }
    if (!dir) {
      out.push({ key, value: files.readFile(path) });
      continue;
    }
    if (source.includes("=")) throw new Error("cannot give a key name for a directory path");
    for (const name of [...files.readdir(path)].sort()) {
      const item = posix.join(path, name);
      if (files.lstat(item).isFile()) out.push({ key: name, value: files.readFile(item) });
    }
  }
  return out;
}

/** cmdutil.AddFromEnvFile: KEY=value lines; blank lines and # comments skipped; a bare KEY reads the environment. */
export function envFileSources(
  files: UserFiles,
  sources: string[],
  env: Record<string, string | undefined>,
): DataEntry[] {
  const out: DataEntry[] = [];
  for (const path of sources) {
    let dir: boolean;
    try {
      dir = files.stat(path).isDirectory();
    } catch (e) {
      throw new Error(`error reading ${path}: ${errnoText(e)}`);
    }
    if (dir) throw new Error("env config file cannot be a directory");
    let text = files.readFile(path).toString("utf8");
    if (text.startsWith("\ufeff")) text = text.slice(1);
    for (const raw of text.split("\n")) {
      const line = raw.replace(/\r$/, "").replace(/^\s+/, "");
      if (line === "" || line.startsWith("#")) continue;
      const i = line.indexOf("=");
      const key = i < 0 ? line : line.slice(0, i);
      const errs = isEnvVarName(key);
      if (errs.length) throw new Error(`${JSON.stringify(key)} is not a valid key name: ${errs.join(";")}`);
      out.push({ key, value: Buffer.from(i < 0 ? (env[key] ?? "") : line.slice(i + 1), "utf8") });
    }
  }
  return out;
}

/** validation.IsEnvVarName. */
function isEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v)) {
    errs.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    );
  }
  if (v === ".") errs.push("must not be '.'");
  else if (v === "..") errs.push("must not be '..'");
  else if (v.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** A ConfigMap's data and binaryData from its entries (addKeyFromLiteralToConfigMap / addKeyFromFileToConfigMap). */
export function configMapData(
  name: string,
  entries: DataEntry[],
): { data: Record<string, string>; binaryData: Record<string, string> } {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const { key, value } of entries) {
    const errs = isConfigMapKey(key);
    if (errs.length)
      throw new Error(`${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(",")}`);
    if (key in data)
      throw new Error(
        `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`,
      );
    if (key in binaryData)
      throw new Error(
        `cannot add key ${JSON.stringify(key)}, another key by that name already exists in BinaryData for ConfigMap ${JSON.stringify(name)}`,
      );
    const text = value.toString("utf8");
    if (Buffer.from(text, "utf8").equals(value)) data[key] = text;
    else binaryData[key] = value.toString("base64");
  }
  return { data, binaryData };
}

/** A Secret's data from its entries (addKeyFromLiteralToSecret). */
export function secretData(entries: DataEntry[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (const { key, value } of entries) {
    const errs = isConfigMapKey(key);
    if (errs.length)
      throw new Error(`${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(";")}`);
    if (key in data) throw new Error(`cannot add key ${key}, another key by that name already exists`);
    data[key] = value.toString("base64");
  }
  return data;
}

/** Go's json.Marshal escapes <, > and & in strings. */
const goJSON = (v: unknown) =>
  JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

/** handleDockerCfgJSONContent: the .dockerconfigjson of one registry login. */
export function dockerConfigJSON(username: string, password: string, email: string, server: string): string {
  const auth = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
  const entry = email ? { username, password, email, auth } : { username, password, auth };
  return goJSON({ auths: { [server]: entry } });
}

/** readFile in create secret tls: `Cannot read file PATH, open PATH: ...`. */
export function readTLSFile(files: UserFiles, path: string): Buffer {
  try {
    return files.readFile(path);
  } catch (e) {
    throw new Error(`Cannot read file ${path}, open ${path}: ${errnoText(e)}`);
  }
}

/** tls.X509KeyPair's checks, with Go's messages for the usual failures. */
export function checkKeyPair(cert: Buffer, key: Buffer): void {
  const certText = cert.toString("utf8");
  if (!/-----BEGIN CERTIFICATE-----/.test(certText)) {
    throw new Error("tls: failed to find any PEM data in certificate input");
  }
  const keyText = key.toString("utf8");
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyText))
    throw new Error("tls: failed to find any PEM data in key input");
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new Error("x509: malformed certificate");
  }
  let pub: string;
  try {
    pub = createPublicKey(createPrivateKey(key)).export({ type: "spki", format: "pem" }).toString();
  } catch {
    throw new Error("tls: failed to parse private key");
  }
  if (x509.publicKey.export({ type: "spki", format: "pem" }).toString() !== pub) {
    throw new Error("tls: private key does not match public key");
  }
}
