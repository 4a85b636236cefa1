import { expect } from "chai";
import { diagnoseMetrics, missingRequests } from "../../automation/scale-test/metrics-diagnosis";

const args = ["--cert-dir=/tmp", "--secure-port=10250", "--metric-resolution=15s"];
const api = {
  available: false,
  reason: "MissingEndpoints",
  message: "endpoints for service/metrics-server in kube-system have no addresses",
  service: "kube-system/metrics-server",
};

describe("metrics API diagnosis", () => {
  it("says metrics-server is absent when the APIService is not registered", () => {
    expect(diagnoseMetrics({ pods: [] })).to.equal(
      "The metrics API (v1beta1.metrics.k8s.io) is not served because metrics-server is absent; set feastflow:metricsServer.enabled to true or install metrics-server.",
    );
  });

  it("says metrics-server is absent when no pod runs behind the registered APIService", () => {
    expect(diagnoseMetrics({ apiService: api, pods: [] })).to.equal(
      "metrics-server is absent: the metrics API is registered (Service kube-system/metrics-server) but no metrics-server pod runs behind it.",
    );
  });

  it("names the missing --kubelet-insecure-tls and the 10-minute Pulumi await when metrics-server is not Ready", () => {
    expect(
      diagnoseMetrics({
        apiService: api,
        pods: [{ name: "metrics-server-abc", ready: false, phase: "Running", args }],
      }),
    ).to.equal(
      "metrics-server is not Ready (pod metrics-server-abc is Running) and runs without --kubelet-insecure-tls: on KIND (self-signed kubelet certificates) metrics-server needs --kubelet-insecure-tls, without it its readiness never passes and Pulumi's Deployment await times out after 10 minutes; set feastflow:metricsServer.kubeletInsecureTls to true.",
    );
  });

  it("says not Ready and points at the logs when the flag is there", () => {
    const pods = [{ name: "ms-1", ready: false, phase: "Pending", args: [...args, "--kubelet-insecure-tls"] }];
    expect(diagnoseMetrics({ apiService: api, pods })).to.equal(
      "metrics-server is not Ready (pod ms-1 is Pending); see its logs (kubectl logs -n <namespace> ms-1).",
    );
  });

  it("blames the aggregation layer when metrics-server is Ready but the APIService is not Available", () => {
    const pods = [{ name: "ms-1", ready: true, phase: "Running", args }];
    expect(
      diagnoseMetrics({ apiService: { ...api, reason: "FailedDiscoveryCheck", message: "timeout" }, pods }),
    ).to.equal(
      "metrics-server is Ready but the APIService v1beta1.metrics.k8s.io is not Available (FailedDiscoveryCheck: timeout); the API server cannot reach it (check the aggregation-layer flags).",
    );
  });

  it("finds nothing wrong when the APIService is Available", () => {
    expect(
      diagnoseMetrics({
        apiService: { available: true },
        pods: [{ name: "ms-1", ready: true, phase: "Running", args }],
      }),
    ).to.equal(undefined);
  });

  it("names the container and the config key when a utilization target has no matching request", () => {
    const containers = [{ name: "backend", resources: { requests: { cpu: "200m" } } }];
    expect(missingRequests("backend", containers, { cpu: true, memory: true })).to.equal(
      'The backend container "backend" has no memory request, so the HPA cannot compute memory utilization; set feastflow:backend.resources.requests.memory.',
    );
    expect(missingRequests("backend", containers, { cpu: true, memory: false })).to.equal(undefined);
  });
});
