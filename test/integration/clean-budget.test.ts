import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Health } from "../../src/catalogue/service.js";
import { createContentDir } from "../helpers/content-dir.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const DATE = Date.UTC(2026, 5, 1) / 1000;
const TOKEN = "clean-budget-test-token";
const dir = createContentDir();
let server: TestServer;

const health = async () => (await (await server.get("/healthz")).json()) as Health;

beforeAll(async () => {
  dir.article("plain.txt", { title: "Plain", date: DATE, description: "Fine." });
  // Misnested formatting nests deeper with every tag: past the budget's depth, it is cut.
  const soup = `<p>Intro</p>${"<i>a</b>".repeat(100_000)}`;
  dir.article("soup.txt", { title: "Soup", date: DATE - 60, description: "Soup.", body: soup });
  server = await startTestServer({ contentDir: dir.root, adminToken: TOKEN });
});
afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

describe("a body over the cleaning budget", () => {
  it("is served cut short, and /healthz names it as a warning without degrading", async () => {
    const page = await (await server.get("/articles/soup")).text();
    expect(page).toContain("<p>Intro</p>");
    expect(page).toContain("<p>[…]</p>");
    const { status, warnings } = await health();
    expect(status).toBe("ok");
    expect(warnings).toContainEqual(
      expect.objectContaining({ path: "soup.txt", code: "body-truncated" }),
    );
    expect(warnings.filter((w) => w.path === "plain.txt")).toEqual([]);
  });

  it("leaves the report once the file is fixed", async () => {
    dir.article("soup.txt", {
      title: "Soup",
      date: DATE - 60,
      description: "Soup.",
      body: "<p>Fine.</p>",
    });
    await server.request("/admin/rescan", {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    await server.get("/articles/soup");
    expect((await health()).warnings.map((w) => w.code)).not.toContain("body-truncated");
  });
});
