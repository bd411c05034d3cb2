import { createServer, get, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendDocument } from "../../src/http/send-document.js";
import { createRenderedDocument, stampDocument } from "../../src/publish/rendered-document.js";

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** One GET of a server that answers every request with `doc`, its clock `now`. */
async function answer(
  doc: Awaited<ReturnType<typeof createRenderedDocument>>,
  now: () => number,
): Promise<IncomingMessage> {
  const server = createServer((req, res) =>
    sendDocument(req, res, doc, { cacheControl: "no-cache", cors: false, now }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port, path: "/" }, (res) => {
      res.resume();
      res.on("end", () => resolve(res));
    }).on("error", reject);
  });
}

describe("sendDocument's Date and Last-Modified", () => {
  it("never sends a Last-Modified later than its own Date, whatever the clock it is given", async () => {
    const doc = await createRenderedDocument({ contentType: "text/plain", text: "x" });
    // A document clock running ahead of the real one, as Node's cached Date header can lag.
    const ahead = Math.ceil(Date.now() / 1000) * 1000 + 5000;
    stampDocument(doc, ahead - 2000);
    const res = await answer(doc, () => ahead);
    expect(res.headers.date).toBeDefined();
    expect(res.headers["last-modified"]).toBeUndefined();
  });

  it("sends a Last-Modified at or before Date, Date naming the current second", async () => {
    const doc = await createRenderedDocument({ contentType: "text/plain", text: "x" });
    const past = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    stampDocument(doc, past);
    const before = Math.floor(Date.now() / 1000) * 1000;
    const res = await answer(doc, Date.now);
    const date = Date.parse(res.headers.date as string);
    expect(date).toBeGreaterThanOrEqual(before);
    expect(date).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(res.headers["last-modified"] as string)).toBe(past);
  });
});
