import { alicloudEnsDefinition } from "./alicloud-ens/definition";
import type { CloudDefinition } from "./core/cloud";
import { jdcloudVmDefinition } from "./jdcloud-vm/definition";
import { tencentCvmDefinition } from "./tencent-cvm/definition";
import { tencentEcmDefinition } from "./tencent-ecm/definition";

/** Every cloud the runtime serves, by the name its resources' shims give. Adding a cloud: one entry. */
export const CLOUD_DEFINITIONS: Record<string, CloudDefinition> = Object.fromEntries(
    [tencentCvmDefinition, tencentEcmDefinition, jdcloudVmDefinition, alicloudEnsDefinition].map((def: CloudDefinition) => [def.identity.key, def]),
);
