import { expect } from "chai";
import { parseLoadOptions } from "../../automation/scale-test/load-options";
import { parseOptions } from "../../automation/scale-test/options";
import { UsageError } from "../../automation/shared/errors";

const refusal = (argv: string[]): string => {
  try {
    parseOptions(argv);
  } catch (err) {
    expect(err).to.be.instanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a usage error");
};

describe("scale-test load options", () => {
  it("leaves where the load comes from to the Service and the cluster unless told", () => {
    expect(parseLoadOptions({})).to.deep.equal({
      loadFrom: undefined,
      loadPods: 1,
      loadgenImage: "feastflow-loadgen:0.2.0",
    });
    expect(parseLoadOptions({ "load-from": "local" }).loadFrom).to.equal("local");
  });

  it("reads --load-pods and --loadgen-image, each of which means load from the cluster", () => {
    expect(parseOptions(["--load-from", "cluster", "--load-pods", "2"])).to.deep.include({
      loadFrom: "cluster",
      loadPods: 2,
    });
    expect(parseOptions(["--load-pods", "50"])).to.deep.include({ loadFrom: "cluster", loadPods: 50 });
    expect(parseOptions(["--loadgen-image", "ghcr.io/feastflow/loadgen:0.2.0"])).to.deep.include({
      loadFrom: "cluster",
      loadgenImage: "ghcr.io/feastflow/loadgen:0.2.0",
    });
  });

  it("takes 1 to 50 load pods, in plain decimals", () => {
    for (const bad of ["0", "51", "1e1", "0x2", " 2", "+1"]) {
      expect(refusal([`--load-pods=${bad}`])).to.equal(
        `--load-pods must be a whole number from 1 to 50 (got ${JSON.stringify(bad)}).`,
      );
    }
  });

  it("refuses --url with --load-from cluster: --url is this machine's load", () => {
    expect(refusal(["--load-from", "cluster", "--url", "http://127.0.0.1:30500"])).to.equal(
      "--url sends the load from this machine, so it cannot go with --load-from cluster, which loads the stack's Service from inside the cluster; drop one of them.",
    );
  });

  it("refuses cluster settings with load from this machine", () => {
    expect(refusal(["--load-from", "local", "--load-pods", "2"])).to.equal(
      "--load-pods set up load from the cluster, but --load-from local loads from this machine; drop one of them.",
    );
    expect(refusal(["--url", "http://127.0.0.1:30500", "--loadgen-image", "x:1"])).to.equal(
      "--loadgen-image set up load from the cluster, but --url loads from this machine; drop one of them.",
    );
  });

  it("refuses an unknown place and an image reference that is none", () => {
    expect(refusal(["--load-from", "moon"])).to.equal(
      '--load-from must be one of local, cluster, simulated (got "moon").',
    );
    expect(refusal(["--loadgen-image", "Not An Image"])).to.match(/^--loadgen-image must be an image reference/);
  });

  it("refuses real-load settings with simulated load, which sends no request", () => {
    expect(refusal(["--load-from", "simulated", "--url", "http://127.0.0.1:30500"])).to.equal(
      "--url sends real requests from this machine, so it cannot go with --load-from simulated, which sends none; drop one of them.",
    );
    expect(refusal(["--load-from", "simulated", "--load-pods", "2"])).to.equal(
      "--load-pods set up load pods, but --load-from simulated sends no request; drop one of them.",
    );
    expect(refusal(["--load-from", "simulated", "--load-pods", "2", "--loadgen-image", "x:1"])).to.equal(
      "--load-pods and --loadgen-image set up load pods, but --load-from simulated sends no request; drop one of them.",
    );
  });

  it("takes simulated as a place", () => {
    expect(parseLoadOptions({ "load-from": "simulated" }).loadFrom).to.equal("simulated");
  });
});
