import type { Service } from "../catalogue/service.js";
import type { Config } from "../config.js";
import { type ContentWatcher, watchContent } from "../content/watch-content.js";
import type { Logger } from "../log.js";
import { startSchedule } from "./schedule.js";

/** The schedule and, with `WATCH`, the watcher: what makes the engine look at the folder. */
export function startTriggers(config: Config, service: Service, logger: Logger) {
  let watcher = config.watch ? startWatching(config, service, logger) : null;
  const stopSchedule = startSchedule(
    config.scanCron,
    async () => {
      await service.rescan("schedule");
      if (watcher?.moved()) {
        // The folder's name now leads elsewhere (a switched symlink, a remount): watch that.
        watcher.close();
        logger.info({ contentDir: config.contentDir }, "content folder replaced; watching it anew");
        watcher = startWatching(config, service, logger);
      }
    },
    logger,
  );
  return {
    async stop() {
      watcher?.close();
      await stopSchedule();
    },
  };
}

/** Rescan reported files at once: a shortcut, never the truth (network volumes may send none). */
function startWatching(config: Config, service: Service, logger: Logger): ContentWatcher {
  const watcher = watchContent(config.contentDir, {
    onChange: (paths) => void service.notify(paths),
    onError: (error) =>
      logger.warn(
        { err: error, scanCron: config.scanCron },
        "watching the content folder failed; changes now wait for the scheduled scan",
      ),
  });
  logger.debug({ folders: watcher.folders }, "watching the content folder");
  return watcher;
}
