/**
 * What in-cluster load needs from Kubernetes, as a narrow interface: the
 * adapter (cluster.ts) is written against it, cluster-kube.ts implements it
 * with @kubernetes/client-node, and the specs with a stand-in that runs the
 * pods' program in-process.
 */
import type { LoadObjects } from "./cluster-job";

/** One load pod as the adapter needs to see it. */
export interface LoadPod {
  name: string;
  /** Its completion index in the Indexed Job. */
  index: number;
  /** The node it was scheduled to; "" while unscheduled. */
  node: string;
  /** Pending, Running, Succeeded or Failed. */
  phase: string;
  /** True once its container has started, so its log can be followed. */
  started: boolean;
  /** Why it is not running, in words (unschedulable, image missing, ...); undefined when nothing is wrong. */
  problem?: string;
  /** True when the problem will not go away by waiting (an image that may not be pulled, a bad config). */
  fatal?: boolean;
}

export interface LoadCluster {
  /** The Service's cluster IP; throws a sentence when it is missing, headless or does not serve the port. */
  serviceIP(name: string, port: number): Promise<string>;
  /**
   * Deletes the load objects the label selector matches (Jobs with their pods,
   * ConfigMaps, Roles, RoleBindings, ServiceAccounts) and waits, bounded, until
   * their pods are gone. Resolves with the run ids of the Jobs it found.
   */
  remove(selector: string): Promise<string[]>;
  /** Creates the run's objects: the Job (suspended) first, the rest owned by it, then lets the Job run. */
  create(objects: LoadObjects): Promise<void>;
  /** Replaces the data of the run's control ConfigMap. */
  writeControl(name: string, data: Record<string, string>): Promise<void>;
  /** The run's pods. */
  pods(runId: string): Promise<LoadPod[]>;
  /** Why the Job could not create its pods (Pod Security, quota, ...), from its events. */
  jobProblems(job: string): Promise<string[]>;
  /**
   * Follows a pod's log from its first line. Calls onLine per line and onEnd
   * once when the stream ends; resolves with a function that stops following.
   */
  follow(pod: string, onLine: (text: string) => void, onEnd: () => void): Promise<() => void>;
}
