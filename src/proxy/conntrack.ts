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

/** How many connections the log keeps: conntrack only shows the last two minutes anyway. */
export const CONNLOG_LIMIT = 256;

/** Appends connections to the bounded log, numbering them. */
export function appendConnections(state: ConntrackState, records: Omit<ConnRecord, "seq">[]): void {
  const ct = state.conntrack ?? { next: 1, log: [] };
  for (const r of records) ct.log.push({ ...r, seq: ct.next++ });
  if (ct.log.length > CONNLOG_LIMIT) ct.log.splice(0, ct.log.length - CONNLOG_LIMIT);
  state.conntrack = ct;
}
