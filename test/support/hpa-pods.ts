/** Pod views for the HPA model specs: Ready long ago, with a fresh metric sample. */
import type { PodView, ResourceMetricSpec } from "../../automation/hpa-model/replica-calculator";

/** The sample time the specs evaluate at. */
export const NOW = 1000;
export const CPU: ResourceMetricSpec = { resource: "cpu", targetUtilization: 70, requestPerPod: 200 };
export const MIB = 2 ** 20;

/** A pod Ready long ago whose latest sample used `cpu` millicores. */
export function pod(cpu: number | undefined, overrides: Partial<PodView> = {}): PodView {
  return {
    startTime: 0,
    phase: "Running",
    ready: true,
    readyTransitionTime: 10,
    metric:
      cpu === undefined ? undefined : { cpuMillicores: cpu, memoryBytes: 100 * MIB, timestamp: NOW, windowSeconds: 15 },
    ...overrides,
  };
}

export function pods(count: number, cpu: number): PodView[] {
  return Array.from({ length: count }, () => pod(cpu));
}

/** Running and Ready, but metrics-server returned no sample for it: a "missing" pod upstream. */
export function missing(count = 1): PodView[] {
  return Array.from({ length: count }, () => pod(undefined));
}

/** Created but not running yet: Pending, never Ready, no sample. */
export function pending(count = 1): PodView[] {
  return Array.from({ length: count }, () => pod(undefined, { phase: "Pending", ready: false, startTime: NOW - 1 }));
}
