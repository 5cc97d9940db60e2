// The node kernels' connection tracking, as far as kubesim keeps it: a bounded log of the
// connections clients made (committed requests only: `kubesim curl`, a shell's curl, exec),
// each with the flow every node it crossed tracked, before and after NAT, and the interfaces
// it came in and went out by. `conntrack -L` and `tcpdump` in a node shell read it; nothing
// else does, so it never changes what a connection does.

/** src, dst, sport, dport: one direction of a flow. */
export type Tuple = [string, string, number, number];

/** One node's view of a connection: its conntrack entry and the interfaces it crossed. */
export interface NodeFlow {
  node: string;
  /** The tuple as the packet arrived (or left, for the node's own traffic): before DNAT. */
  pre: Tuple;
  /** The tuple as the packet left the node (or was delivered): after DNAT and SNAT. */
  post: Tuple;
  /** Interface the client's packets came in by: "eth0", a pod's veth, "lo"; none for the node's own. */
  inIf?: string;
  /** Interface they went out by; none when delivered on the node itself. */
  outIf?: string;
}

export interface ConnRecord {
  /** Order of commit, so a capture knows which connections came after it started. */
  seq: number;
  /** Simulated time of the SYN (ms). */
  at: number;
  proto: "tcp";
  /** How it ended: answered and closed by the client, refused (RST), or never answered. */
  end: "closed" | "refused" | "timeout";
  flows: NodeFlow[];
  /** Payload bytes of the request and of the response, when the connection was served. */
  req?: { bytes: number; line: string };
  res?: { bytes: number; line: string };
}

export interface ConntrackState {
  conntrack?: { next: number; log: ConnRecord[] };
}

/**
 * How many connections the log keeps. Every command reads the state, so it stays small: a
 * capture only wants connections newer than its start, and conntrack shows two minutes.
 */
export const CONNLOG_LIMIT = 64;

/** The longest an entry lives in the table (TIME_WAIT, SYN_SENT): older records are dropped. */
const KEEP_MS = 120_000;

/** Appends connections to the bounded log, numbering them and dropping expired ones. */
export function appendConnections(state: ConntrackState, records: Omit<ConnRecord, "seq">[]): void {
  const ct = state.conntrack ?? { next: 1, log: [] };
  for (const r of records) ct.log.push({ ...r, seq: ct.next++ });
  const newest = ct.log.reduce((m, r) => Math.max(m, r.at), 0);
  ct.log = ct.log.filter((r) => newest - r.at < KEEP_MS);
  if (ct.log.length > CONNLOG_LIMIT) ct.log.splice(0, ct.log.length - CONNLOG_LIMIT);
  state.conntrack = ct;
}
