/** The Namespace component: the stack's namespace, labelled to enforce Pod Security "restricted". */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface NamespaceArgs {
  /** The Kubernetes namespace name. */
  name: string;
}

/**
 * The FeastFlow namespace. It enforces Pod Security "restricted", so any pod that
 * runs as root or keeps capabilities is rejected at admission, not found later.
 */
export class Namespace extends pulumi.ComponentResource {
  public readonly namespace: k8s.core.v1.Namespace;
  public readonly name: pulumi.Output<string>;

  constructor(name: string, args: NamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("feastflow:namespace:Namespace", name, {}, opts);
    this.namespace = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name: args.name,
          labels: {
            "app.kubernetes.io/part-of": "feastflow",
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
          },
        },
      },
      { parent: this },
    );
    this.name = this.namespace.metadata.name;
    this.registerOutputs({ name: this.name });
  }
}
