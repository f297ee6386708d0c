import type { CloudModule } from "./core/types";
import { alicloudEns } from "./alicloud-ens";
import { jdcloudVm } from "./jdcloud-vm";
import { tencentUnknownVersion } from "./tencent/product";
import { tencentCvm } from "./tencent-cvm";
import { tencentEcm } from "./tencent-ecm";
import { tencentTag } from "./tencent-tag";

/**
 * Every emulated cloud, in matching order: a request goes to the first cloud whose `matches` accepts
 * it. Adding a cloud is adding its folder and one entry here.
 */
export const CLOUDS: CloudModule[] = [tencentCvm, tencentEcm, tencentTag, jdcloudVm, alicloudEns, tencentUnknownVersion];
