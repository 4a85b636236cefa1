/**
 * The HPA syncs in words: what the cluster's controller asked for and why,
 * beside the desired count the declared config allows then (the envelope's
 * band) and, when the syncs were replayed, what the declared HPA itself asks
 * for from the same reading and the rule that bound it. Pure.
 */
import type { SyncExplanation } from "../shared/results";

const range = (lo: number, hi: number): string => (lo === hi ? `${lo}` : `${lo}–${hi}`);

/** A replayed desired count that is not the cluster's. */
const differs = (s: SyncExplanation): boolean => s.replay?.differs !== undefined;

/**
 * The declared config's answer at one sync: "6 ≠ 3 (proposed 6; Pods 4 per 30 s allowed +4, up to 6)",
 * or why it was not replayed; with the caveats in brackets. Empty without a replay.
 */
export function declaredCell(s: SyncExplanation): string {
  const r = s.replay;
  if (!r) return "";
  const caveats = r.desired !== null && r.caveats.length > 0 ? ` [${r.caveats.join("; ")}]` : "";
  if (r.desired === null) return `not replayed (${r.caveats.join("; ")})`;
  const count = differs(s) ? `${r.desired} ≠ ${s.cluster.desiredReplicas}` : `${r.desired}`;
  const proposed = r.proposed !== null && r.proposed !== r.desired ? `proposed ${r.proposed}` : "";
  const stabilized =
    r.stabilized !== null && r.stabilized !== r.proposed && r.stabilized !== r.desired
      ? `stabilized ${r.stabilized}`
      : "";
  const how = [proposed, stabilized, r.bound].filter((x) => x !== "").join("; ");
  return `${count}${how ? ` (${how})` : ""}${caveats}`;
}

/** The head line: how many syncs, how many left the band or the replay, how many are left out. */
function head(syncs: SyncExplanation[], told: number): string {
  const disagree = syncs.filter((s) => !s.agrees).length;
  const otherwise = syncs.filter(differs).length;
  return (
    `HPA syncs: ${syncs.length} seen, ` +
    (disagree === 0
      ? "each within what the declared config allows"
      : `${disagree} outside what the declared config allows`) +
    (otherwise > 0 ? `; at ${otherwise} the declared config's own answer differs` : "") +
    (told < syncs.length ? `; ${leftOut(syncs.length - told)}:` : ":")
  );
}

/**
 * Each HPA sync that changed the desired count, disagreed with the model or
 * where the replay asked otherwise, one line each; a count of the quiet ones.
 * Empty without syncs.
 */
export function formatSyncs(syncs: SyncExplanation[] | undefined): string {
  if (!syncs || syncs.length === 0) return "";
  const told = syncs.filter(
    (s, i) => !s.agrees || differs(s) || i === 0 || s.cluster.desiredReplicas !== syncs[i - 1].cluster.desiredReplicas,
  );
  const lines = told.map((s) => {
    const cpu = s.cluster.cpuUtilization === null ? "" : ` at CPU ${s.cluster.cpuUtilization} %`;
    const model = range(s.model.desiredLow, s.model.desiredHigh);
    const reason = s.cluster.why ? ` (${s.cluster.why})` : "";
    const declared = !s.replay
      ? ""
      : s.replay.desired === null
        ? `; declared config ${declaredCell(s)}`
        : `; declared config would ask ${declaredCell(s)}`;
    return `  t=${s.t.toFixed(0)} s  desired ${s.cluster.desiredReplicas ?? "-"}${cpu}${reason}; the model allows ${model}${declared}${s.agrees ? "" : ` ✗ ${s.note ?? ""}`}`;
  });
  return [head(syncs, told.length), ...lines].join("\n");
}

/** The syncs the list leaves out, counted. */
const leftOut = (n: number) =>
  n === 1 ? "the 1 that kept the count is left out" : `the ${n} that kept the count are left out`;
