import type { Poller } from "./poller";
import type { Settings } from "./settings";

/** Process-wide services the lifecycle uses: settings from `configure`, the shared poller, logging. */
export interface RuntimeContext {
    settings(): Settings;
    poller(): Poller;
    log(line: string): void;
}

/** A progress line, the same shape from every part of the core: `[image-import] <cloud> <image>: <message>`. */
export function logImage(rt: RuntimeContext, cloud: string, id: string | undefined, message: string): void {
    rt.log(`[image-import] ${cloud}${id ? ` ${id}` : ""}: ${message}`);
}
