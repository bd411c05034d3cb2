import { describe, expect, it } from "vitest";
import { createMediaProblems } from "../../src/http/media-problems.js";

describe("createMediaProblems", () => {
  it("keeps the newest hundred reports, dropping the oldest", () => {
    const problems = createMediaProblems(() => 0);
    for (let i = 0; i < 150; i++) problems.report(`media/${i}.png`, "not-a-regular-file");
    const paths = problems.list().map((p) => p.path);
    expect(paths).toHaveLength(100);
    expect(paths[0]).toBe("media/50.png");
    expect(paths.at(-1)).toBe("media/149.png");
  });

  it("says whether a report is new, and forgets one an hour after it was last seen", () => {
    let now = 0;
    const problems = createMediaProblems(() => now);
    expect(problems.report("media/a.png", "permission-denied")).toBe(true);
    expect(problems.report("media/a.png", "permission-denied")).toBe(false);
    now = 59 * 60 * 1000;
    problems.report("media/a.png", "permission-denied");
    now = 100 * 60 * 1000;
    expect(problems.list()).toEqual([
      {
        path: "media/a.png",
        reason: "permission-denied",
        lastSeen: new Date(59 * 60 * 1000).toISOString(),
      },
    ]);
    now = 120 * 60 * 1000;
    expect(problems.list()).toEqual([]);
  });

  it("drops a path once it is served or gone", () => {
    const problems = createMediaProblems(() => 0);
    problems.report("media/a.png", "outside-folder");
    problems.clear("media/a.png");
    expect(problems.list()).toEqual([]);
  });
});
