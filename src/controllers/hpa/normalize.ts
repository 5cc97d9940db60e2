// Where the HPA's raw recommendation becomes the replica count it sets (horizontal.go,
// v1.32). Without spec.behavior: the highest recommendation of the last 5 minutes when
// scaling down, and at most max(2x, 4) replicas when scaling up. With spec.behavior: each
// direction's stabilization window and its rate policies over the recent scale events.
// Pure functions over the history the controller keeps.

/** A recommendation the controller made (replicas) at a cluster time (ms). */
export interface Recommendation {
  replicas: number;
  at: number;
}

/** A change the controller made to the target's size at a cluster time (ms). */
export interface ScaleEvent {
  change: number;
  at: number;
}

export interface Rules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: { type: string; value: number; periodSeconds: number }[];
}

export interface Limited {
  replicas: number;
  /** The AbleToScale condition's reason and message after stabilization. */
  able: [string, string];
  /** The ScalingLimited condition: whether it limited, its reason and message. */
  limited: [boolean, string, string];
}

/** --horizontal-pod-autoscaler-downscale-stabilization's default. */
export const DOWNSCALE_WINDOW_MS = 300_000;

const READY: [string, string] = ["ReadyForNewScale", "recommended size matches current size"];
const WITHIN: [string, string] = ["DesiredWithinRange", "the desired count is within the acceptable range"];
const UP_LIMIT: [string, string] = [
  "ScaleUpLimit",
  "the desired replica count is increasing faster than the maximum scale rate",
];
const TOO_MANY: [string, string] = [
  "TooManyReplicas",
  "the desired replica count is more than the maximum replica count",
];
const TOO_FEW: [string, string] = [
  "TooFewReplicas",
  "the desired replica count is less than the minimum replica count",
];

/** Records `rec` in `history`, reusing the slot of a sample older than every window. */
function record(history: Recommendation[], rec: Recommendation, oldIndex: number): void {
  if (oldIndex >= 0) history[oldIndex] = rec;
  else history.push(rec);
}

/** normalizeDesiredReplicas: the path of an HPA without spec.behavior. */
export function normalizeLegacy(
  history: Recommendation[],
  now: number,
  current: number,
  desired: number,
  min: number,
  max: number,
): Limited {
  let stabilized = desired;
  let old = -1;
  history.forEach((r, i) => {
    if (r.at < now - DOWNSCALE_WINDOW_MS) old = i;
    else if (r.replicas > stabilized) stabilized = r.replicas;
  });
  record(history, { replicas: desired, at: now }, old);
  const able: [string, string] =
    stabilized !== desired
      ? [
          "ScaleDownStabilized",
          "recent recommendations were higher than current one, applying the highest recent recommendation",
        ]
      : READY;
  // convertDesiredReplicasWithRules
  const upLimit = Math.max(2 * current, 4);
  const [maxAllowed, upWhy] = max > upLimit ? [upLimit, UP_LIMIT] : [max, TOO_MANY];
  let out = stabilized;
  let why = WITHIN;
  if (stabilized < min) [out, why] = [min, TOO_FEW];
  else if (stabilized > maxAllowed) [out, why] = [maxAllowed, upWhy];
  return { replicas: out, able, limited: [out !== stabilized, why[0], why[1]] };
}

/** getReplicasChangePerPeriod: what the events of the last `periodSeconds` changed. */
function changedWithin(events: ScaleEvent[], periodSeconds: number, now: number): number {
  return events.filter((e) => e.at > now - periodSeconds * 1000).reduce((s, e) => s + e.change, 0);
}

function upLimitWithRules(
  current: number,
  ups: ScaleEvent[],
  downs: ScaleEvent[],
  r: Rules,
  now: number,
): number {
  if (r.selectPolicy === "Disabled") return current;
  const pick = r.selectPolicy === "Min" ? Math.min : Math.max;
  let result = r.selectPolicy === "Min" ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of r.policies ?? []) {
    const start =
      current - changedWithin(ups, p.periodSeconds, now) + changedWithin(downs, p.periodSeconds, now);
    const proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

function downLimitWithRules(
  current: number,
  ups: ScaleEvent[],
  downs: ScaleEvent[],
  r: Rules,
  now: number,
): number {
  if (r.selectPolicy === "Disabled") return current;
  // The policy allowing the larger change wins under Max: the lower limit.
  const pick = r.selectPolicy === "Min" ? Math.max : Math.min;
  let result = r.selectPolicy === "Min" ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of r.policies ?? []) {
    const start =
      current - changedWithin(ups, p.periodSeconds, now) + changedWithin(downs, p.periodSeconds, now);
    const proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** normalizeDesiredReplicasWithBehaviors: the path of an HPA with spec.behavior. */
export function normalizeWithBehavior(
  history: Recommendation[],
  events: { up: ScaleEvent[]; down: ScaleEvent[] },
  now: number,
  current: number,
  desired: number,
  min: number,
  max: number,
  behavior: { scaleUp?: Rules; scaleDown?: Rules },
): Limited {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  const upCut = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
  // maybeInitScaleDownStabilizationWindow: an unset window is the controller's 300 s.
  const downCut = now - (down.stabilizationWindowSeconds ?? DOWNSCALE_WINDOW_MS / 1000) * 1000;
  let upRec = desired;
  let downRec = desired;
  let old = -1;
  history.forEach((r, i) => {
    if (r.at > upCut) upRec = Math.min(upRec, r.replicas);
    if (r.at > downCut) downRec = Math.max(downRec, r.replicas);
    if (r.at < upCut && r.at < downCut) old = i;
  });
  let stabilized = current;
  if (stabilized < upRec) stabilized = upRec;
  if (stabilized > downRec) stabilized = downRec;
  record(history, { replicas: desired, at: now }, old);
  const able: [string, string] =
    stabilized === desired
      ? READY
      : desired >= current
        ? [
            "ScaleUpStabilized",
            "recent recommendations were lower than current one, applying the lowest recent recommendation",
          ]
        : [
            "ScaleDownStabilized",
            "recent recommendations were higher than current one, applying the highest recent recommendation",
          ];
  let out = stabilized;
  let why = WITHIN;
  if (stabilized > current) {
    const limit = Math.max(upLimitWithRules(current, events.up, events.down, up, now), current);
    const [allowed, w] = max > limit ? [limit, UP_LIMIT] : [max, TOO_MANY];
    if (stabilized > allowed) [out, why] = [allowed, w];
  } else if (stabilized < current) {
    const limit = Math.min(downLimitWithRules(current, events.up, events.down, down, now), current);
    const [allowed, w]: [number, [string, string]] =
      min < limit
        ? [
            limit,
            ["ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"],
          ]
        : [min, TOO_FEW];
    if (stabilized < allowed) [out, why] = [allowed, w];
  }
  return { replicas: out, able, limited: [out !== stabilized, why[0], why[1]] };
}
