// nicolaka/netshoot: the network troubleshooting toolbox (alpine-based). Every tool a
// learner wants is there; its default command is zsh, which exits without a terminal, so it
// is run with `-it` or `sleep infinity`.
import { ALPINE_OS_RELEASE, ALPINE_TOOLS, APK_PACKAGES } from "./os.js";
import { runContainer } from "./process.js";
import type { ImageModel } from "./types.js";

const TOOLS = [
  ...ALPINE_TOOLS,
  "bash",
  "zsh",
  "curl",
  "dig",
  "nslookup",
  "host",
  "drill",
  "ping",
  "traceroute",
  "tracepath",
  "mtr",
  "ip",
  "ss",
  "netstat",
  "ifconfig",
  "route",
  "arp",
  "tcpdump",
  "tshark",
  "nmap",
  "nc",
  "socat",
  "iperf",
  "iperf3",
  "iftop",
  "ethtool",
  "conntrack",
  "iptables",
  "ipvsadm",
  "jq",
  "http",
  "vim",
  "ssh",
  "openssl",
  "fping",
  "ngrep",
  "grpcurl",
  "websocat",
  "strace",
];

export const netshoot: ImageModel = {
  repo: "nicolaka/netshoot",
  shell: "bash",
  tools: [...new Set(TOOLS)],
  packages: { manager: "apk", installable: APK_PACKAGES },
  files: () => ({ "/etc/os-release": ALPINE_OS_RELEASE }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["zsh"],
      sh: "ash",
      hasBash: true,
      tools: TOOLS,
      workingDir: "/root",
    }),
  curlVersion: "8.11.1",
  wget: "busybox",
  libc: "musl",
  workingDir: "/root",
};
