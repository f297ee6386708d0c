import { internalOf } from "./internal";
import type { Poller } from "./poller";
import type { Settings } from "./settings";

/** Process-wide services the lifecycle uses: settings from `configure`, the shared poller, logging. */
export interface RuntimeContext {
    settings(): Settings;
    poller(): Poller;
    log(line: string): void;
}

/**
 * Who a progress line is about: the Pulumi resource and its image's name where known, then the cloud
 * (`base-image "quickstart-centos-7", tencent-cvm`), so that a stack of many images reads plainly.
 */
export function subjectOf(cloud: string, inputs: Record<string, unknown>): string {
    const name = typeof inputs.imageName === "string" && inputs.imageName ? ` "${inputs.imageName}"` : "";
    const { resourceName } = internalOf(inputs);
    return typeof resourceName === "string" && resourceName ? `${resourceName}${name}, ${cloud}` : cloud;
}

/** A progress line, the same shape from every part of the core: `[image-import] <subject> <image>: <message>`. */
export function logImage(rt: RuntimeContext, subject: string, id: string | undefined, message: string): void {
    rt.log(`[image-import] ${subject}${id ? ` ${id}` : ""}: ${message}`);
}
