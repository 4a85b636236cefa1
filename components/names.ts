/**
 * Names and labels of a FeastFlow workload's Kubernetes objects. They are the
 * runbook's, so its kubectl commands work as written against a deployed stack
 * (`kubectl scale deployment feastflow-backend`, `kubectl get hpa
 * feastflow-backend-hpa`, `kubectl top pods -l component=backend`), plus the
 * recommended `app.kubernetes.io/*` labels.
 */
import type { WorkloadName } from "./config";

/** The part-of label every FeastFlow object carries. */
const PART_OF = "feastflow";

export interface WorkloadNames {
  /** Deployment, Service and PodDisruptionBudget name, e.g. `feastflow-backend`. */
  workload: string;
  /** HorizontalPodAutoscaler name, e.g. `feastflow-backend-hpa`. */
  hpa: string;
  /** Labels that select the workload's pods; immutable on a Deployment, so kept to two. */
  selector: Record<string, string>;
  /** Labels on every object of the workload and on its pods. */
  labels: Record<string, string>;
}

/** The names and labels of one workload. */
export function workloadNames(name: WorkloadName): WorkloadNames {
  const workload = `${PART_OF}-${name}`;
  const selector = { "app.kubernetes.io/name": workload, component: name };
  return {
    workload,
    hpa: `${workload}-hpa`,
    selector,
    labels: {
      ...selector,
      "app.kubernetes.io/component": name,
      "app.kubernetes.io/part-of": PART_OF,
      "app.kubernetes.io/managed-by": "pulumi",
    },
  };
}
