import { Agent, request } from "node:http";

/** Two requests on one kept-alive connection: the second parses only if the first was framed. */
export async function twoOnOneSocket(
  url: string,
  first: string,
  second: string,
): Promise<{ first: Answer; second: Answer; reused: boolean }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const one = await get(agent, url + first);
    const two = await get(agent, url + second);
    return { first: one, second: two, reused: two.reused };
  } finally {
    agent.destroy();
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  reused: boolean;
}

function get(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
          reused: req.reusedSocket,
        }),
      );
      res.on("error", reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error("no complete answer in 5 s")));
    req.on("error", reject);
    req.end();
  });
}
