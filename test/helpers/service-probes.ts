import type { Health } from "../../src/catalogue/service.js";
import type { TestServer } from "./test-server.js";

/** `/healthz` of a test server. */
export const healthOf = async (server: TestServer) =>
  (await (await server.get("/healthz")).json()) as Health;

/** The titles `/feed.json` lists, newest first. */
export async function feedTitles(server: TestServer): Promise<string[]> {
  const feed = (await (await server.get("/feed.json")).json()) as { items: { title: string }[] };
  return feed.items.map((item) => item.title);
}

/** Poll `check` every 10 ms until it holds; fail after five seconds, naming `what`. */
export async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
