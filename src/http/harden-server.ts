import type { Server, ServerOptions } from "node:http";
import type { Socket } from "node:net";

/** Connection limits and timeouts (`server.*` in config); timeouts in milliseconds. */
export interface ConnectionLimits {
  /** Open connections in all; more are closed as they arrive. */
  readonly maxConnections: number;
  /** Open connections per client address (IPv6: per /64); 0 for no limit. */
  readonly maxConnectionsPerSource: number;
  /** To receive a request's headers, counted from its first byte or the connection's opening. */
  readonly headersTimeout: number;
  /** To receive a whole request. */
  readonly requestTimeout: number;
  /** How long an idle kept-alive connection stays open. */
  readonly keepAliveTimeout: number;
}

/**
 * Options only `createServer` takes: Node checks the header and request timeouts every
 * `connectionsCheckingInterval` (30 s by default, so a 10 s timeout would really be 40 s).
 */
export function serverOptions(limits: ConnectionLimits): ServerOptions {
  const shortest = Math.min(limits.headersTimeout, limits.requestTimeout);
  return { connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(shortest / 2))) };
}

/** The key a client's connections are counted under: its address, or its /64 for IPv6. */
export function sourceOf(address: string | undefined): string {
  if (!address) return "";
  if (!address.includes(":") || address.startsWith("::ffff:")) return address;
  const [head = "", tail = ""] = address.split("%")[0]?.split("::") ?? [];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * Bound what idle or slow clients can hold: a cap on connections in all and per source, and
 * timeouts for headers, requests and idle keep-alive. A source over its cap loses its oldest
 * idle connection (a reader reconnects at its next poll); if all of them are busy, the new one
 * is closed. So one client's thousands of idle sockets never lock out everyone else.
 */
export function hardenServer(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeout;
  server.requestTimeout = limits.requestTimeout;
  server.keepAliveTimeout = limits.keepAliveTimeout;
  if (limits.maxConnectionsPerSource > 0) capPerSource(server, limits.maxConnectionsPerSource);
}

function capPerSource(server: Server, cap: number): void {
  const bySource = new Map<string, Set<Socket>>();
  const busy = new WeakMap<Socket, number>();
  server.on("request", (req, res) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once("close", () => busy.set(socket, (busy.get(socket) ?? 1) - 1));
  });
  server.on("connection", (socket: Socket) => {
    const source = sourceOf(socket.remoteAddress);
    let sockets = bySource.get(source);
    if (!sockets) {
      sockets = new Set();
      bySource.set(source, sockets);
    }
    const own = sockets;
    own.add(socket);
    socket.once("close", () => {
      own.delete(socket);
      if (own.size === 0 && bySource.get(source) === own) bySource.delete(source);
    });
    if (own.size <= cap) return;
    // Insertion order is age: the first idle one found is the oldest.
    for (const old of own) {
      if (old !== socket && !busy.get(old)) {
        own.delete(old);
        old.destroy();
        return;
      }
    }
    own.delete(socket);
    socket.destroy();
  });
}
