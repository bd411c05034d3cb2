/**
 * The environment for a child feedmill process. Vitest puts Vite's own variables in
 * `process.env` (BASE_URL="/" among them), and BASE_URL is also feedmill's: drop them.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    "BASE_URL",
    "MODE",
    "DEV",
    "PROD",
    "SSR",
    "CONFIG_FILE",
    "PORT",
    "HOST",
    "CONTENT_DIR",
    "SCAN_CRON",
    "FEED_LIMIT",
    "ADMIN_TOKEN",
    "LOG_LEVEL",
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}
