// The tags each catalogued image is published under, so that a tag that does not exist fails
// to pull as it would on kind. These are a realistic subset, not a mirror of the registries:
// the versions and variants a learner meets in tutorials and the Kubernetes docs, compiled
// from the images' release histories (docker-library's busybox history, nginx/httpd/alpine/
// Debian/Python/curl release lists) up to mid-2025. A real tag missing here fails to pull in
// kubesim: add it to the list rather than loosening the check.

/** `minor` and its patch releases: series("1.25", 5) → 1.25, 1.25.0 … 1.25.5. */
function series(minor: string, lastPatch: number, first = 0): string[] {
  const out = [minor];
  for (let p = first; p <= lastPatch; p++) out.push(`${minor}.${p}`);
  return out;
}

/** Every base tag with every variant suffix; "latest" plus "-alpine" is just "alpine". */
function variants(bases: string[], suffixes: string[]): string[] {
  const out: string[] = [];
  for (const b of bases)
    for (const s of suffixes) out.push(s === "" ? b : b === "latest" ? s.slice(1) : `${b}${s}`);
  return out;
}

/**
 * busybox's releases as docker-library built them (its "Update to X" history): 1.28 is
 * 1.28.4, 1.36 is 1.36.1; `stable` was 1.36.1 and `latest` 1.37.0 in 2025.
 */
export const BUSYBOX_RELEASES = [
  "1.24.0",
  "1.24.1",
  "1.24.2",
  "1.25.0",
  "1.25.1",
  "1.26.0",
  "1.26.1",
  "1.26.2",
  "1.27.0",
  "1.27.1",
  "1.27.2",
  "1.28.0",
  "1.28.1",
  "1.28.2",
  "1.28.3",
  "1.28.4",
  "1.29.1",
  "1.29.2",
  "1.29.3",
  "1.30.0",
  "1.30.1",
  "1.31.0",
  "1.31.1",
  "1.32.0",
  "1.33.0",
  "1.33.1",
  "1.34.0",
  "1.34.1",
  "1.35.0",
  "1.36.0",
  "1.36.1",
  "1.37.0",
] as const;

/**
 * Tags by catalogue repository. Worked out when first asked for (an image is pulled or
 * checked): the lists take some thousands of strings, which every command paid for at start.
 */
export function catalogTags(): CatalogTags {
  built ??= build();
  return built;
}

let built: CatalogTags | undefined;

function build() {
  const minorsOf = (versions: readonly string[]) => [
    ...new Set(versions.map((v) => v.split(".").slice(0, 2).join("."))),
  ];

  const BUSYBOX = variants(
    [...BUSYBOX_RELEASES, ...minorsOf(BUSYBOX_RELEASES), "1", "latest", "stable", "unstable"],
    ["", "-glibc", "-musl", "-uclibc"],
  );

  const NGINX_SERIES: [string, number][] = [
    ["1.7", 12],
    ["1.8", 1],
    ["1.9", 15],
    ["1.10", 3],
    ["1.11", 13],
    ["1.12", 2],
    ["1.13", 12],
    ["1.14", 2],
    ["1.15", 12],
    ["1.16", 1],
    ["1.17", 10],
    ["1.18", 0],
    ["1.19", 10],
    ["1.20", 2],
    ["1.21", 6],
    ["1.22", 1],
    ["1.23", 4],
    ["1.24", 0],
    ["1.25", 5],
    ["1.26", 3],
    ["1.27", 5],
    ["1.28", 0],
    ["1.29", 1],
  ];

  const NGINX = variants(
    [...NGINX_SERIES.flatMap(([m, p]) => series(m, p)), "1", "latest", "mainline", "stable"],
    [
      "",
      "-alpine",
      "-alpine-slim",
      "-perl",
      "-alpine-perl",
      "-bookworm",
      "-bookworm-perl",
      "-otel",
      "-alpine-otel",
      "-bookworm-otel",
    ],
  );

  /** Apache httpd 2.4 releases (2.4.30-32, 40, 42, 44, 45 and 47 were never released). */
  const HTTPD_24 = [
    10, 12, 16, 17, 18, 20, 23, 25, 26, 27, 28, 29, 33, 34, 35, 37, 38, 39, 41, 43, 46, 48, 49, 50, 51, 52,
    53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65,
  ].map((p) => `2.4.${p}`);

  const HTTPD = variants(
    [...HTTPD_24, "2.2", "2.2.29", "2.2.31", "2.2.32", "2.2.34", "2.4", "2", "latest"],
    ["", "-alpine", "-bookworm", "-bullseye", "-buster"],
  );

  const UBUNTU = [
    "latest",
    "rolling",
    "devel",
    "25.04",
    "plucky",
    "24.10",
    "oracular",
    "24.04",
    "noble",
    "23.10",
    "mantic",
    "23.04",
    "lunar",
    "22.10",
    "kinetic",
    "22.04",
    "jammy",
    "20.04",
    "focal",
    "18.04",
    "bionic",
    "16.04",
    "xenial",
    "14.04",
    "trusty",
    "12.04",
    "precise",
  ];

  const DEBIAN = variants(
    [
      "latest",
      "stable",
      "oldstable",
      "testing",
      "unstable",
      "trixie",
      "bookworm",
      "bullseye",
      "buster",
      "stretch",
      "jessie",
      "sid",
      "13",
      ...series("12", 12),
      ...series("11", 11),
      ...series("10", 13),
      "9",
      "8",
    ],
    ["", "-slim"],
  ).concat(["experimental", "rc-buggy", "bookworm-backports", "bullseye-backports"]);

  const ALPINE_SERIES: [string, number][] = [
    ["3.6", 5],
    ["3.7", 3],
    ["3.8", 5],
    ["3.9", 6],
    ["3.10", 9],
    ["3.11", 13],
    ["3.12", 12],
    ["3.13", 12],
    ["3.14", 10],
    ["3.15", 11],
    ["3.16", 9],
    ["3.17", 10],
    ["3.18", 12],
    ["3.19", 7],
    ["3.20", 6],
    ["3.21", 3],
    ["3.22", 0],
  ];

  const ALPINE = [...ALPINE_SERIES.flatMap(([m, p]) => series(m, p)), "3", "latest", "edge"];

  const PYTHON_SERIES: [string, number][] = [
    ["2.7", 18],
    ["3.6", 15],
    ["3.7", 17],
    ["3.8", 20],
    ["3.9", 23],
    ["3.10", 18],
    ["3.11", 13],
    ["3.12", 11],
    ["3.13", 5],
    ["3.14", 0],
  ];

  const PYTHON = variants(
    [...PYTHON_SERIES.flatMap(([m, p]) => series(m, p)), "3", "2", "latest"],
    [
      "",
      "-slim",
      "-alpine",
      "-bookworm",
      "-slim-bookworm",
      "-bullseye",
      "-slim-bullseye",
      "-alpine3.20",
      "-alpine3.21",
    ],
  );

  /** curl releases curlimages/curl was built for (8.7.0 was never released). */
  const CURL = [
    "7.65.3",
    "7.66.0",
    "7.67.0",
    "7.68.0",
    "7.69.1",
    "7.70.0",
    "7.71.1",
    "7.72.0",
    "7.73.0",
    "7.74.0",
    "7.75.0",
    "7.76.0",
    "7.76.1",
    "7.77.0",
    "7.78.0",
    "7.79.0",
    "7.79.1",
    "7.80.0",
    "7.81.0",
    "7.82.0",
    "7.83.0",
    "7.83.1",
    "7.84.0",
    "7.85.0",
    "7.86.0",
    "7.87.0",
    "7.88.0",
    "7.88.1",
    "8.1.0",
    "8.1.1",
    "8.1.2",
    "8.2.0",
    "8.2.1",
    "8.3.0",
    "8.4.0",
    "8.5.0",
    "8.6.0",
    "8.7.1",
    "8.8.0",
    "8.9.0",
    "8.9.1",
    "8.10.0",
    "8.10.1",
    "8.11.0",
    "8.11.1",
    "8.12.0",
    "8.12.1",
    "8.13.0",
    "8.14.0",
    "8.14.1",
    "8.15.0",
    "latest",
  ];

  const range = (prefix: string, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

  return {
    busybox: BUSYBOX,
    nginx: NGINX,
    httpd: HTTPD,
    ubuntu: UBUNTU,
    debian: DEBIAN,
    alpine: ALPINE,
    python: PYTHON,
    curl: CURL,
    busyboxplus: ["latest", "curl", "git", "base"],
    netshoot: [...range("v0.", 1, 14), "latest"],
    serveHostname: ["latest", "v1.4", "1.1", "1.2", "1.3", "1.4"],
    agnhost: range("2.", 1, 53),
    httpEcho: ["latest", "0.2.1", "0.2.3", "1.0", "1.0.0"],
    echoserver: range("1.", 0, 10),
    pause: [
      "latest",
      "0.8.0",
      "1.0",
      "2.0",
      "3.0",
      "3.1",
      "3.2",
      "3.3",
      "3.4.1",
      "3.5",
      "3.6",
      "3.7",
      "3.8",
      "3.9",
      "3.10",
      "3.10.1",
    ],
  };
}

export type CatalogTags = Record<
  | "busybox"
  | "nginx"
  | "httpd"
  | "ubuntu"
  | "debian"
  | "alpine"
  | "python"
  | "curl"
  | "busyboxplus"
  | "netshoot"
  | "serveHostname"
  | "agnhost"
  | "httpEcho"
  | "echoserver"
  | "pause",
  readonly string[]
>;
