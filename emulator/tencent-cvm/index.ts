import { tencentProduct } from "../tencent/product";
import { CVM_ACTIONS, CVM_PARAMETERS, CVM_RATE_LIMITS, cvmSnapshot } from "./responses";

import { seedCvm } from "./models";

export { CvmModel } from "./models";
export type { CvmImage } from "./models";

/** Tencent Cloud CVM, API version 2017-03-12. */
export const tencentCvm = tencentProduct({
    name: "tencent-cvm",
    version: "2017-03-12",
    regional: true,
    actions: CVM_ACTIONS,
    parameters: CVM_PARAMETERS,
    queryTypes: { Offset: "integer", Limit: "integer", DryRun: "boolean", Force: "boolean", DeleteBindedSnap: "boolean", ImageDeprecated: "boolean" },
    rateLimits: CVM_RATE_LIMITS,
    snapshot: cvmSnapshot,
    seed: seedCvm,
});
