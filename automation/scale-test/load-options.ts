/**
 * The scale test's options for where the load comes from: --load-from,
 * --load-pods and --loadgen-image, parsed apart from options.ts so that file
 * only wires them in. Pure; throws a UsageError naming the flag.
 */
import { isImageReference } from "../../components/image-reference";
import { LOADGEN_IMAGE } from "../load";
import { UsageError } from "../shared/errors";
import { oneOf, wholeNumber } from "../shared/parse";

export type LoadFrom = "local" | "cluster" | "simulated";

export interface LoadOptions {
  /** Where the load comes from; undefined: decided once the Service and the cluster are known (load-source.ts). */
  loadFrom?: LoadFrom;
  /** Load pods of a cluster run; each sends 1/N of the rate. */
  loadPods: number;
  /** The load pods' image. */
  loadgenImage: string;
}

/** At most this many load pods: past it the pods' log streams and control reads load the apiserver more than the Service. */
const LOAD_PODS_LIMIT = 50;

/** parseArgs entries for the flags. */
export const LOAD_FLAGS = {
  "load-from": { type: "string" },
  "load-pods": { type: "string" },
  "loadgen-image": { type: "string" },
} as const;

export const LOAD_USAGE = `  --load-from WHERE       local: autocannon on this machine, at the Service's NodePort; cluster: a Job of load
                          pods in the stack's namespace loads the Service by its cluster name, <service>.<namespace>.svc;
                          simulated: no request is sent, each Ready pod on simulated nodes (cluster/up --sim-nodes, the
                          sim stack) is told its share of the demand's CPU, capped at its limit, every second
                          (default: local when the Service has a NodePort and the cluster is this machine, else cluster)
  --load-pods N           load pods of a cluster run, 1-${LOAD_PODS_LIMIT}, each at 1/N of the rate and of --connections
                          (default: 1; implies --load-from cluster)
  --loadgen-image REF     the load pods' image (default: ${LOADGEN_IMAGE}, which cluster/images builds; for a registry
                          e.g. ghcr.io/feastflow/loadgen:0.2.0, built from automation/load/image/Dockerfile;
                          implies --load-from cluster)`;

/** The load options from parseArgs' values; `url` is --url, which only local load takes. */
export function parseLoadOptions(values: {
  "load-from"?: string;
  "load-pods"?: string;
  "loadgen-image"?: string;
  url?: string;
}): LoadOptions {
  const explicit =
    values["load-from"] === undefined
      ? undefined
      : oneOf("--load-from", values["load-from"], ["local", "cluster", "simulated"] as const);
  const pods = values["load-pods"];
  const image = values["loadgen-image"];
  if (image !== undefined && !isImageReference(image)) {
    throw new UsageError(
      `--loadgen-image must be an image reference such as ${LOADGEN_IMAGE} or ghcr.io/feastflow/loadgen:0.2.0 (got ${JSON.stringify(image.slice(0, 80))}).`,
    );
  }
  if (values.url !== undefined && explicit === "cluster") {
    throw new UsageError(
      "--url sends the load from this machine, so it cannot go with --load-from cluster, which loads the stack's Service from inside the cluster; drop one of them.",
    );
  }
  if (values.url !== undefined && explicit === "simulated") {
    throw new UsageError(
      "--url sends real requests from this machine, so it cannot go with --load-from simulated, which sends none; drop one of them.",
    );
  }
  const clusterOnly = [pods === undefined ? "" : "--load-pods", image === undefined ? "" : "--loadgen-image"].filter(
    Boolean,
  );
  if (clusterOnly.length > 0 && explicit === "simulated") {
    throw new UsageError(
      `${clusterOnly.join(" and ")} set up load pods, but --load-from simulated sends no request; drop one of them.`,
    );
  }
  if (clusterOnly.length > 0 && (explicit === "local" || values.url !== undefined)) {
    throw new UsageError(
      `${clusterOnly.join(" and ")} set up load from the cluster, but ${explicit === "local" ? "--load-from local" : "--url"} loads from this machine; drop one of them.`,
    );
  }
  return {
    loadFrom: explicit ?? (clusterOnly.length > 0 ? "cluster" : undefined),
    loadPods: pods === undefined ? 1 : wholeNumber("--load-pods", pods, 1, LOAD_PODS_LIMIT),
    loadgenImage: image ?? LOADGEN_IMAGE,
  };
}
