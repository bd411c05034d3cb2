/** Environment variables of docs/contract.md and the config key each one sets. */
const ENV_KEYS = {
  PORT: "port",
  HOST: "host",
  BASE_URL: "baseUrl",
  CONTENT_DIR: "contentDir",
  STATE_DIR: "stateDir",
  SCAN_CRON: "scanCron",
  WATCH: "watch",
  ALLOW_EMPTY: "allowEmpty",
  FEED_LIMIT: "feedLimit",
  ADMIN_TOKEN: "adminToken",
  LOG_LEVEL: "logLevel",
  MAX_CONNECTIONS: "server.maxConnections",
  MAX_CONNECTIONS_PER_SOURCE: "server.maxConnectionsPerSource",
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep-merge `over` onto `base`: objects merge key by key, everything else replaces. */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = mergeConfig(base[key], value);
  return merged;
}

/** The config keys the environment sets, as one more layer (an empty variable sets nothing). */
export function envLayer(env: Env): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    const [head, inner] = key.split(".") as [string, string | undefined];
    if (inner === undefined) layer[head] = value;
    else layer[head] = { ...(layer[head] as object | undefined), [inner]: value };
  }
  return layer;
}
