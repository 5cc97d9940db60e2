import { describe, expect, it } from "vitest";
import { COREFILE } from "../cluster/addons.js";
import { corednsBanner, corefileDigest } from "./coredns.js";

// kubeadm's Corefile before v1.32, whose cache plugin still cached cluster.local.
const BEFORE_132 = COREFILE.replace(
  "    cache 30 {\n       disable success cluster.local\n       disable denial cluster.local\n    }\n",
  "    cache 30\n",
);

describe("CoreDNS's reload digest", () => {
  it("is the SHA512 real clusters log for kubeadm's Corefiles, v1.32's and the one before", () => {
    expect(BEFORE_132).not.toBe(COREFILE);
    // As kubeadm clusters of v1.28 to v1.31 log it (CoreDNS 1.10.1 to 1.11.3).
    expect(corefileDigest(BEFORE_132)).toBe(
      "591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908",
    );
    // As clusters with kubeadm v1.32's Corefile log it.
    expect(corefileDigest(COREFILE)).toBe(
      "1b226df79860026c6a52e67daa10d7f0d57ec5b023288ec00c5e05f93523c894564e15b91770d3a07ae1cfbe861d15b37d4a0027e69c546ab112970993a3b03b",
    );
  });

  it("follows the parsed directives, not the text: a trailing comment keeps it, a moved line changes it", () => {
    const digest = corefileDigest(COREFILE);
    expect(corefileDigest(`${COREFILE}# added by hand\n`)).toBe(digest);
    expect(corefileDigest(COREFILE.replace("    loop\n", "    loop # break loops\n"))).toBe(digest);
    expect(corefileDigest(COREFILE.replace(".:53 {\n", ".:53 {\n    log\n"))).not.toBe(digest);
    expect(corefileDigest(COREFILE.replace(".:53 {\n", "\n.:53 {\n"))).not.toBe(digest);
    expect(corefileDigest(".:53 {\n    errors\n")).toBeUndefined();
  });
});

describe("CoreDNS's banner", () => {
  it("names each server, then the digest when the reload plugin is on, then the version", () => {
    expect(corednsBanner(COREFILE)).toEqual([
      ".:53",
      `[INFO] plugin/reload: Running configuration SHA512 = ${corefileDigest(COREFILE)}`,
      "CoreDNS-1.11.3",
      "linux/amd64, go1.21.11, a6338e9",
    ]);
    expect(corednsBanner(".:53 {\n    forward . 8.8.8.8\n}\nexample.org:1053 {\n    whoami\n}\n")).toEqual([
      ".:53",
      "example.org.:1053",
      "CoreDNS-1.11.3",
      "linux/amd64, go1.21.11, a6338e9",
    ]);
    expect(corednsBanner(undefined)).toEqual([]);
  });
});
