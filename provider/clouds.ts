import type { CloudDefinition } from "./core/cloud";
import { tencentCvmDefinition } from "./tencent-cvm/definition";

/** Every cloud the runtime serves, by the kind its resources' shims name. Adding a cloud: one entry. */
export const CLOUD_DEFINITIONS: Record<string, CloudDefinition> = {
    [tencentCvmDefinition.kind]: tencentCvmDefinition,
};
