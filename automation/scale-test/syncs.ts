/**
 * Every HPA sync the run saw, explained: what the cluster's controller read
 * and decided (its status, its conditions' reasons, the events it emitted),
 * beside what a healthy HPA with the declared config may ask for at that
 * second (the envelope's desired band), and whether they agree. Pure over
 * the watch's log and the band.
 */
import { bandAround, type EnvelopePoint } from "../hpa-model";
import type { Sample, SyncExplanation } from "../shared/results";
import { plural } from "../shared/text";
import type { HpaStatusLike } from "./cluster-timing";
import { replayStatuses, type ReplayOptions } from "./sync-replay";

/** The controller's reasons in words (pkg/controller/podautoscaler's condition reasons). */
const REASONS: Record<string, string> = {
  // Stryker disable next-line StringLiteral: the controller gives this reason only on a condition boundBy leaves out, so its words never show
  ReadyForNewScale: "free to rescale",
  SucceededRescale: "rescaled",
  ScaleDownStabilized: "held by the scale-down stabilization window",
  ScaleUpStabilized: "held by the scale-up stabilization window",
  // Stryker disable next-line StringLiteral: the controller gives this reason only on a condition boundBy leaves out, so its words never show
  ValidMetricFound: "read its metric",
  // Stryker disable next-line StringLiteral: the controller gives this reason only on a condition boundBy leaves out, so its words never show
  DesiredWithinRange: "the count it wants lies within min and max",
  TooFewReplicas: "held up at minReplicas",
  TooManyReplicas: "held down at maxReplicas",
  ScaleUpLimit: "limited by the scale-up policies",
  ScaleDownLimit: "limited by the scale-down policies",
  FailedGetResourceMetric: "could not read its metric",
  FailedGetScale: "could not read the Deployment's scale",
};

/** AbleToScale reasons that bound nothing: the controller could act, or has just read the scale. */
const QUIET_ABLE = new Set(["ReadyForNewScale", "SucceededGetScale"]);

function cpuOf(status: HpaStatusLike): number | null {
  const cpu = status.currentMetrics?.find((m) => m.type === "Resource" && m.resource?.name === "cpu");
  // Stryker disable next-line OptionalChaining: find above only returns a metric whose resource is set
  return cpu?.resource?.current?.averageUtilization ?? null;
}

/** What bound the controller's answer, from the conditions that say something beyond "all is well". */
function boundBy(conditions: SyncExplanation["cluster"]["conditions"]): string {
  const telling = conditions.filter(
    (c) =>
      (c.type === "AbleToScale" && !QUIET_ABLE.has(c.reason)) ||
      (c.type === "ScalingLimited" && c.status === "True") ||
      (c.type === "ScalingActive" && c.status !== "True"),
  );
  return telling.map((c) => REASONS[c.reason] ?? c.reason).join("; ");
}

/**
 * One explanation per status the watch saw change, seconds since load start
 * (`t0Ms`), with the events the samples first showed from it to the next sync. `band` is
 * the envelope's, judged with `slackSeconds` either way as the samples are;
 * without a band the model side spans min to max replicas. With the declared
 * HPA, each sync also carries the model's own decision on the same reading.
 */
export function explainSyncs(input: {
  statuses: ReadonlyArray<{ atMs: number; status: HpaStatusLike }>;
  t0Ms: number;
  band?: EnvelopePoint[];
  slackSeconds: number;
  series: readonly Sample[];
  replicas: { min: number; max: number };
  /** The declared HPA to replay each sync through, and the timings it reads the pods by. */
  replay?: ReplayOptions;
}): SyncExplanation[] {
  const { band, slackSeconds, series, replicas } = input;
  const replays = input.replay ? replayStatuses({ ...input, ...input.replay }) : [];
  return input.statuses.map(({ atMs, status }, i) => {
    const t = Math.round((atMs - input.t0Ms) / 100) / 10;
    const conditions = (status.conditions ?? []).map((c) => ({
      type: c.type ?? "",
      status: c.status ?? "",
      reason: c.reason ?? "",
      ...(c.message ? { message: c.message } : {}),
    }));
    // An event first seen by a sample belongs to the last sync at or before that sample.
    const until = (input.statuses[i + 1]?.atMs ?? Infinity) - input.t0Ms;
    const events = series.filter((s) => s.t >= t && s.t * 1000 < until).flatMap((s) => s.events);
    const near = band ? bandAround(band, t, slackSeconds) : undefined;
    const low = near?.minDesired ?? replicas.min;
    const high = near?.maxDesired ?? replicas.max;
    const desired = status.desiredReplicas ?? null;
    const agrees = desired === null || (desired >= low && desired <= high);
    const range = low === high ? `${low}` : `${low}–${high}`;
    const bound = boundBy(conditions);
    const said = `a healthy HPA with the declared config asks for ${range} here`;
    const note = agrees
      ? undefined
      : // Stryker disable next-line EqualityOperator: a sync that disagrees never asks for exactly high, so > and >= read alike
        `asked for ${plural(desired ?? 0, "replica")}, ${(desired ?? 0) > high ? "above" : "below"} the ${range} its declared config allows at ${t.toFixed(0)} s`;
    return {
      t,
      cluster: {
        desiredReplicas: desired,
        currentReplicas: status.currentReplicas ?? null,
        cpuUtilization: cpuOf(status),
        conditions,
        events,
        why: bound,
      },
      model: { desiredLow: low, desiredHigh: high, said },
      ...(replays[i] ? { replay: replays[i] } : {}),
      agrees,
      ...(note ? { note } : {}),
    };
  });
}
