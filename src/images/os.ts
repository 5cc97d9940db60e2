// The base systems the modelled images are built on: their /etc/os-release, the commands their
// PATH holds at start, and what their package managers can add. Lists are of what a learner
// reaches for (network tools above all); a minimal image lacking curl, ping or ip is the point.

/** The PATH of an image that sets none (the runtime's default, and Debian's). */
export const DEFAULT_IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export const DEBIAN_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

export const UBUNTU_OS_RELEASE = `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`;

/** ubuntu:22.04 (jammy), whose `apt install curl` brings 7.81.0. */
export const UBUNTU_2204_OS_RELEASE = `PRETTY_NAME="Ubuntu 22.04.5 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.5 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`;

export const ALPINE_OS_RELEASE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.21.0
PRETTY_NAME="Alpine Linux v3.21"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

/** coreutils, findutils, grep, sed, mawk, tar, util-linux basics, apt, perl-base: no network tools. */
export const DEBIAN_TOOLS = [
  "bash",
  "sh",
  "dash",
  "ls",
  "cat",
  "echo",
  "printf",
  "sleep",
  "mkdir",
  "rmdir",
  "rm",
  "cp",
  "mv",
  "touch",
  "chmod",
  "chown",
  "ln",
  "head",
  "tail",
  "wc",
  "sort",
  "uniq",
  "cut",
  "tr",
  "tee",
  "env",
  "printenv",
  "date",
  "id",
  "whoami",
  "uname",
  "hostname",
  "df",
  "du",
  "pwd",
  "true",
  "false",
  "yes",
  "seq",
  "basename",
  "dirname",
  "readlink",
  "stat",
  "test",
  "expr",
  "nproc",
  "timeout",
  "kill",
  "grep",
  "sed",
  "awk",
  "mawk",
  "find",
  "xargs",
  "tar",
  "gzip",
  "gunzip",
  "which",
  "mount",
  "umount",
  "su",
  "getent",
  "perl",
  "apt",
  "apt-get",
  "apt-cache",
  "dpkg",
];

/** Busybox applets of the busybox image (its full default configuration). */
export const BUSYBOX_APPLETS = [
  "sh",
  "ash",
  "ls",
  "cat",
  "echo",
  "printf",
  "sleep",
  "mkdir",
  "rmdir",
  "rm",
  "cp",
  "mv",
  "touch",
  "chmod",
  "chown",
  "ln",
  "head",
  "tail",
  "wc",
  "sort",
  "uniq",
  "cut",
  "tr",
  "tee",
  "env",
  "printenv",
  "date",
  "id",
  "whoami",
  "uname",
  "hostname",
  "df",
  "du",
  "pwd",
  "true",
  "false",
  "seq",
  "basename",
  "dirname",
  "readlink",
  "stat",
  "test",
  "expr",
  "nproc",
  "timeout",
  "kill",
  "grep",
  "sed",
  "awk",
  "find",
  "xargs",
  "tar",
  "gzip",
  "gunzip",
  "which",
  "mount",
  "ps",
  "top",
  "free",
  "uptime",
  "watch",
  "vi",
  "less",
  "more",
  "wget",
  "nc",
  "nslookup",
  "ping",
  "ping6",
  "traceroute",
  "ip",
  "ifconfig",
  "route",
  "netstat",
  "arp",
  "arping",
  "telnet",
  "httpd",
  "udhcpc",
];

/** Alpine's busybox leaves telnet and httpd to busybox-extras. */
export const ALPINE_TOOLS = [...BUSYBOX_APPLETS.filter((t) => t !== "telnet" && t !== "httpd"), "apk"];

export const APT_PACKAGES: Record<string, string[]> = {
  curl: ["curl"],
  wget: ["wget"],
  "iputils-ping": ["ping"],
  "inetutils-ping": ["ping"],
  dnsutils: ["nslookup", "dig", "host", "nsupdate"],
  "bind9-dnsutils": ["nslookup", "dig", "host", "nsupdate"],
  "bind9-host": ["host"],
  "net-tools": ["ifconfig", "netstat", "route", "arp"],
  iproute2: ["ip", "ss", "bridge", "tc"],
  "netcat-openbsd": ["nc", "netcat"],
  "netcat-traditional": ["nc", "netcat", "nc.traditional"],
  ncat: ["ncat"],
  telnet: ["telnet"],
  traceroute: ["traceroute"],
  "iputils-tracepath": ["tracepath"],
  "mtr-tiny": ["mtr"],
  tcpdump: ["tcpdump"],
  nmap: ["nmap"],
  socat: ["socat"],
  procps: ["ps", "top", "free", "pgrep", "pkill", "watch", "uptime"],
  vim: ["vim", "vi"],
  nano: ["nano"],
  less: ["less"],
  jq: ["jq"],
  "openssh-client": ["ssh", "scp"],
  python3: ["python3"],
};

export const APK_PACKAGES: Record<string, string[]> = {
  curl: ["curl"],
  wget: ["wget"],
  "bind-tools": ["dig", "nslookup", "host"],
  iproute2: ["ip", "ss", "bridge", "tc"],
  "net-tools": ["ifconfig", "netstat", "route", "arp"],
  "busybox-extras": ["telnet", "httpd"],
  "netcat-openbsd": ["nc"],
  iputils: ["ping", "tracepath", "arping"],
  drill: ["drill"],
  mtr: ["mtr"],
  tcpdump: ["tcpdump"],
  nmap: ["nmap"],
  socat: ["socat"],
  procps: ["ps", "top", "free", "pgrep", "pkill"],
  bash: ["bash"],
  vim: ["vim", "vi"],
  nano: ["nano"],
  jq: ["jq"],
  "openssh-client": ["ssh", "scp"],
  python3: ["python3"],
};
