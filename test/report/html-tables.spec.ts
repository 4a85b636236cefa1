import { expect } from "chai";
import { syncsTable } from "../../automation/report/html-tables";
import type { SyncExplanation } from "../../automation/shared/results";

/** A sync where the cluster asked for 3 and the band allowed 2–6. */
function sync(replay?: SyncExplanation["replay"]): SyncExplanation {
  return {
    t: 18.1,
    cluster: { desiredReplicas: 3, currentReplicas: 2, cpuUtilization: 120, conditions: [], events: [], why: "" },
    model: { desiredLow: 2, desiredHigh: 6, said: "a healthy HPA with the declared config asks for 2–6 here" },
    ...(replay ? { replay } : {}),
    agrees: true,
  };
}

describe("report: the HPA syncs table", () => {
  it("puts what the declared config would ask beside the cluster, or a dash without a replay", () => {
    const html = syncsTable([
      sync({
        desired: 4,
        proposed: 4,
        stabilized: 4,
        bound: "Pods 4 per 30 s allowed +4, up to 6",
        caveats: [],
        differs: "the HPA asked for 3; the declared config asks 4 from the same reading",
      }),
      sync({ desired: null, proposed: null, stabilized: null, bound: "", caveats: ["the status reported no cpu"] }),
      sync(),
    ]);
    expect(html).to.include("<th>declared config would ask</th>");
    expect(html).to.include("4 ≠ 3 (Pods 4 per 30 s allowed +4, up to 6)");
    expect(html).to.include("not replayed (the status reported no cpu)");
    const heads = [...html.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]);
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const rows = html.split("<tr>").slice(2).map(cells);
    const column = heads.indexOf("declared config would ask");
    expect(rows.map((r) => r[column])).to.deep.equal([
      "4 ≠ 3 (Pods 4 per 30 s allowed +4, up to 6)",
      "not replayed (the status reported no cpu)",
      "—",
    ]);
  });

  it("says apart a count inside the band from the count the declared config asks, and why it differs", () => {
    const differs = "the HPA asked for 3; the declared config asks 4 from the same reading";
    const html = syncsTable([
      sync({ desired: 4, proposed: 4, stabilized: 4, bound: "", caveats: [], differs }),
      sync({ desired: 3, proposed: 3, stabilized: 3, bound: "", caveats: [] }),
      sync({ desired: null, proposed: null, stabilized: null, bound: "", caveats: ["the status reported no cpu"] }),
      { ...sync(), agrees: false, note: "asked for 3 replicas, above the 2 its declared config allows at 18 s" },
    ]);
    const heads = [...html.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]);
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const rows = html.split("<tr>").slice(2).map(cells);
    const column = (name: string) => rows.map((r) => r[heads.indexOf(name)]);
    expect(column("inside the band")).to.deep.equal(["yes", "yes", "yes", "NO"]);
    expect(column("same as declared")).to.deep.equal(["NO", "yes", "—", "—"]);
    expect(column("note")).to.deep.equal([
      differs,
      "",
      "",
      "asked for 3 replicas, above the 2 its declared config allows at 18 s",
    ]);
    expect(html.split("<tr>")[2]).to.match(/<td class="fail">NO<\/td>/);
  });
});
