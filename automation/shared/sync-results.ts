/** The per-sync explanation the scale test reports: the cluster's side, the model's band and its replay. */
import type { ReplayedSync } from "../hpa-model";

/** One HPA sync as the cluster reported it, beside the model's decision for the same sync. */
export interface SyncExplanation {
  /** Seconds since load start at which the HPA's status changed. */
  t: number;
  cluster: {
    desiredReplicas: number | null;
    currentReplicas: number | null;
    cpuUtilization: number | null;
    /** AbleToScale, ScalingActive, ScalingLimited with their status and reason. */
    conditions: Array<{ type: string; status: string; reason: string; message?: string }>;
    /** Events (SuccessfulRescale and others) seen with this sync. */
    events: string[];
    /** What bound its answer, from the conditions' reasons in words; empty when nothing did. */
    why: string;
  };
  model: {
    /** The desired replicas a healthy HPA with the declared config may ask for at this sync. */
    desiredLow: number;
    desiredHigh: number;
    /** What the model read and which rule bound its answer, in words. */
    said: string;
  };
  /** The model's own decision: the declared HPA replayed on what the cluster's controller read at this sync. */
  replay?: SyncReplay;
  /** True when the cluster's desired count lies within the model's. */
  agrees: boolean;
  /** Why not, when it does not. */
  note?: string;
}

/** One sync replayed through the model's controller, with its histories kept from the syncs before. */
export interface SyncReplay extends ReplayedSync {
  /** Where its desired count differs from the cluster's, in one sentence. */
  differs?: string;
}
