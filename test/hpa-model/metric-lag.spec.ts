import { expect } from "chai";
import { lagClasses } from "../../automation/hpa-model/metric-lag";

// A sync at t reads the sample of the latest scrape s with s + lag <= t (lag shorter than the scrape period).
const every15 = (first: number) => ({ first, period: 15 });

describe("hpa-model: metric lags a sync cannot tell apart", () => {
  it("groups every lag up to the gap from the last scrape to the sync", () => {
    // Scrapes at 5, 20, 35 …, syncs at 0, 15, 30 …: each sync comes 10 s after a scrape (15 − 5). Lags 0, 5 and
    // 10 all read that scrape (s + 10 <= t), so every sync reads alike.
    expect(lagClasses([0, 5, 10], every15(5), every15(0))).to.deep.equal([[0, 5, 10]]);
  });

  it("parts the lags that read a scrape from those that wait for the one before", () => {
    // Syncs 2 s after each scrape (scrapes at 5, syncs at 7): lag 0 reads it, 5 and 10 read the one 15 s earlier.
    expect(lagClasses([0, 5, 10], every15(5), every15(7))).to.deep.equal([[0], [5, 10]]);
    // 7 s after: 0 and 5 read it, 10 does not.
    expect(lagClasses([0, 5, 10], every15(0), every15(7))).to.deep.equal([[0, 5], [10]]);
    // A sync in the very second of the scrape: only lag 0 reads it (s + 0 <= t); lag 1 already waits.
    expect(lagClasses([0, 1], every15(3), every15(3))).to.deep.equal([[0], [1]]);
  });

  it("looks at every sync of a cycle when the periods differ", () => {
    // Scrapes every 30 s at 0, syncs every 15 s at 0: the syncs come 0 and 15 s after a scrape in turn. At a sync
    // in the scrape's second lag 0 reads it and 5 does not; 5 and 10 wait alike at those, and read alike 15 s on.
    expect(lagClasses([0, 5, 10], { first: 0, period: 30 }, every15(0))).to.deep.equal([[0], [5, 10]]);
    // Syncs every 10 s at 4, scrapes every 15 s at 0: gaps 4, 14, 9, 4, … — lags 0..4 read alike, 5..9 do not
    // at the sync 4 s after a scrape, and 9 and 10 part at the one 9 s after.
    expect(lagClasses([0, 4, 5, 9, 10], every15(0), { first: 4, period: 10 })).to.deep.equal([[0, 4], [5, 9], [10]]);
  });

  it("keeps a lag of a whole scrape period or more alone: the next scrape replaces its sample before it arrives", () => {
    expect(lagClasses([0, 15, 16], every15(0), every15(14))).to.deep.equal([[0], [15], [16]]);
    // Scrapes and syncs at 0: lags 5 and 15 both read the scrape 15 s before each sync, yet 15 reads nothing after
    // the first sample, so it stays alone, whether it comes first or second.
    expect(lagClasses([5, 15], every15(0), every15(0))).to.deep.equal([[5], [15]]);
    expect(lagClasses([15, 5], every15(0), every15(0))).to.deep.equal([[15], [5]]);
  });

  it("keeps the lags in the order given, each class led by the first of its lags", () => {
    expect(lagClasses([10, 0, 5], every15(5), every15(7))).to.deep.equal([[10, 5], [0]]);
  });
});
