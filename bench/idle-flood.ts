/**
 * `npx tsx bench/idle-flood.ts [--sockets 20000] [--seconds 30] [--per-source N]` (after `npm run build`): the
 * built service over ./content, one source (127.0.0.1) opening that many idle sockets from
 * child processes of 10,000 each (a process's descriptor limit), while another source
 * (127.0.0.2) polls /rss.xml. Prints that client's statuses and latencies, and the service's
 * open descriptors over time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { request } from "node:http";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startServiceProcess } from "../test/soak/service-process.js";

const FLOOD = `
  const { connect } = require("node:net");
  const [port, count] = process.argv.slice(1).map(Number);
  (async () => {
    for (let i = 0; i < count; i++) {
      const socket = connect({ host: "127.0.0.1", port, localAddress: "127.0.0.1" });
      socket.on("error", () => {});
      socket.resume();
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 20));
    }
  })();
  setInterval(() => {}, 1000);`;

function poll(port: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((done) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/rss.xml", localAddress: "127.0.0.2", agent: false },
      (res) => {
        res.resume();
        res.on("end", () => done({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.setTimeout(10_000, () => req.destroy());
    req.on("error", () => done({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sockets: { type: "string" },
      seconds: { type: "string" },
      "per-source": { type: "string" },
    },
  });
  const sockets = Number(values.sockets ?? 20_000);
  const seconds = Number(values.seconds ?? 30);
  const service = await startServiceProcess({
    contentDir: resolve("content"),
    adminToken: "idle-flood-bench-token-0123",
    scanCron: "0 0 1 1 *",
    ...(values["per-source"] ? { env: { MAX_CONNECTIONS_PER_SOURCE: values["per-source"] } } : {}),
  });
  const floods: ChildProcess[] = [];
  for (let left = sockets; left > 0; left -= 10_000) {
    const count = Math.min(10_000, left);
    floods.push(spawn(process.execPath, ["-e", FLOOD, String(service.port), String(count)]));
  }
  const answers: { status: number; ms: number }[] = [];
  try {
    for (let second = 1; second <= seconds; second++) {
      await new Promise((r) => setTimeout(r, 1000));
      const answer = await poll(service.port);
      answers.push(answer);
      const fds = readdirSync(`/proc/${service.pid}/fd`).length;
      console.log(
        `${second} s: other client ${answer.status} in ${answer.ms.toFixed(1)} ms; service fds ${fds}`,
      );
    }
  } finally {
    for (const flood of floods) flood.kill("SIGKILL");
    await service.stop();
  }
  const failed = answers.filter((a) => a.status !== 200).length;
  const worst = Math.max(...answers.map((a) => a.ms));
  console.log(
    `${sockets} idle sockets: ${failed} of ${answers.length} polls failed; slowest ${worst.toFixed(1)} ms`,
  );
}

await main();
