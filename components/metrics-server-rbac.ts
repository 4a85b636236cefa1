/** metrics-server's RBAC: its ClusterRoles and the bindings the aggregated metrics API needs, as typed resources. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The RBAC objects metrics-server needs, as in its upstream manifest: read node
 * and pod stats, delegate authn/authz to the API server, read the extension
 * apiserver's client CA, and let `kubectl top` users read metrics.k8s.io.
 */
export function metricsServerRbac(
  serviceAccountName: string,
  namespace: string,
  opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
  const labels = { "k8s-app": "metrics-server" };
  const subjects = [{ kind: "ServiceAccount", name: serviceAccountName, namespace }];
  const clusterRole = (
    name: string,
    extraLabels: Record<string, string>,
    rules: k8s.types.input.rbac.v1.PolicyRule[],
  ) => new k8s.rbac.v1.ClusterRole(name, { metadata: { name, labels: { ...labels, ...extraLabels } }, rules }, opts);
  const clusterBinding = (name: string, roleName: string) =>
    new k8s.rbac.v1.ClusterRoleBinding(
      name,
      {
        metadata: { name, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
        subjects,
      },
      opts,
    );

  return [
    // Aggregated into the default admin/edit/view roles, so `kubectl top` works for them.
    clusterRole(
      "system:aggregated-metrics-reader",
      {
        "rbac.authorization.k8s.io/aggregate-to-admin": "true",
        "rbac.authorization.k8s.io/aggregate-to-edit": "true",
        "rbac.authorization.k8s.io/aggregate-to-view": "true",
      },
      [{ apiGroups: ["metrics.k8s.io"], resources: ["pods", "nodes"], verbs: ["get", "list", "watch"] }],
    ),
    clusterRole("system:metrics-server", {}, [
      { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
      { apiGroups: [""], resources: ["pods", "nodes"], verbs: ["get", "list", "watch"] },
    ]),
    new k8s.rbac.v1.RoleBinding(
      "metrics-server-auth-reader",
      {
        metadata: { name: "metrics-server-auth-reader", namespace, labels },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "Role",
          name: "extension-apiserver-authentication-reader",
        },
        subjects,
      },
      opts,
    ),
    clusterBinding("metrics-server:system:auth-delegator", "system:auth-delegator"),
    clusterBinding("system:metrics-server", "system:metrics-server"),
  ];
}
