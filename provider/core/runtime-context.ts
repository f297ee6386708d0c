import type { Poller } from "./poller";
import type { Settings } from "./settings";

/** Process-wide services the lifecycle uses: settings from `configure`, the shared poller, logging. */
export interface RuntimeContext {
    settings(): Settings;
    poller(): Poller;
    log(line: string): void;
}
