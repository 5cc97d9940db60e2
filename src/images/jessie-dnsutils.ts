// registry.k8s.io/e2e-test-images/jessie-dnsutils: the pod the docs' "Debugging DNS
// Resolution" task runs (admin/dns/dnsutils.yaml, `sleep infinity` or `sleep 3600`), Debian 8
// jessie with bind's dnsutils added (test/images/jessie-dnsutils in kubernetes/kubernetes).
// Its nslookup, dig and host are bind's, so nslookup prints bind's layout (Server/Address#53,
// Name/Address), not busybox's. No curl, wget or ping: jessie's base image has none.
import { debianContainer } from "./debian.js";
import { DEBIAN_TOOLS } from "./os.js";
import type { ImageModel } from "./types.js";

const JESSIE_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 8 (jessie)"
NAME="Debian GNU/Linux"
VERSION_ID="8"
VERSION="8 (jessie)"
ID=debian
HOME_URL="http://www.debian.org/"
SUPPORT_URL="http://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

// jessie's apt lists are gone from the mirrors, so no package is offered to install.
const TOOLS = [...DEBIAN_TOOLS, "nslookup", "dig", "host", "nsupdate"];

export const jessieDnsutils: ImageModel = {
  repo: "registry.k8s.io/e2e-test-images/jessie-dnsutils",
  shell: "bash",
  tools: TOOLS,
  files: () => ({ "/etc/os-release": JESSIE_OS_RELEASE }),
  process: debianContainer(TOOLS),
  libc: "glibc",
  workingDir: "/",
};
