/** The security settings every FeastFlow pod carries, so each complies with Pod Security "restricted". */
import * as k8s from "@pulumi/kubernetes";

/** The unprivileged user every FeastFlow image runs as. */
export const APP_USER = 1000;

/** Pod-level settings required by Pod Security "restricted". */
export function restrictedPodSecurity(): k8s.types.input.core.v1.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: APP_USER,
    runAsGroup: APP_USER,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container-level settings required by Pod Security "restricted", plus a read-only root. */
export function restrictedContainerSecurity(): k8s.types.input.core.v1.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}
