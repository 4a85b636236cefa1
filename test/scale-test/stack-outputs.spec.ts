import { expect } from "chai";
import { parseOutputs, serviceUrl } from "../../automation/scale-test/stack-outputs";

const backend = {
  deploymentName: "backend-1a2b",
  serviceName: "backend",
  hpaName: "backend-hpa",
  serviceType: "NodePort",
  port: 5000,
  nodePort: 30500,
  minReplicas: 2,
  maxReplicas: 10,
};
const frontend = {
  ...backend,
  deploymentName: "frontend-3c4d",
  serviceName: "frontend",
  hpaName: undefined,
  port: 8080,
  nodePort: 30080,
  maxReplicas: 8,
};

describe("stack outputs", () => {
  it("types the outputs index.ts exports", () => {
    const outputs = parseOutputs({
      namespace: { value: "feastflow" },
      backend: { value: backend },
      frontend: { value: frontend },
    });
    expect(outputs).to.deep.equal({ namespace: "feastflow", backend, frontend });
  });

  it("names a missing or mistyped output", () => {
    expect(() => parseOutputs({ namespace: { value: "feastflow" }, backend: { value: backend } })).to.throw(
      'Stack output "frontend" is missing; deploy the stack first (drop --skip-deploy) or check index.ts\'s exports.',
    );
    expect(() =>
      parseOutputs({
        namespace: { value: "ns" },
        backend: { value: { ...backend, port: "5000" } },
        frontend: { value: frontend },
      }),
    ).to.throw('Stack output backend.port is "5000", expected a number; is index.ts exporting it?');
  });

  it("reaches a NodePort Service on loopback and refuses one without a nodePort", () => {
    expect(serviceUrl(backend, "backend")).to.equal("http://127.0.0.1:30500");
    expect(() => serviceUrl({ ...backend, serviceType: "ClusterIP", nodePort: undefined }, "backend")).to.throw(
      "The backend Service (backend) is ClusterIP with no nodePort, so it is not reachable from this machine; pass --url, or set feastflow:backend.service.type to NodePort.",
    );
  });
});
