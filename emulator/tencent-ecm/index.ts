import { tencentProduct } from "../tencent/product";
import { seedEcm } from "./models";
import { ECM_ACTIONS, ECM_PARAMETERS, ECM_RATE_LIMITS, ecmSnapshot } from "./responses";

export { EcmModel } from "./models";
export type { EcmImage } from "./models";

/** Tencent Cloud ECM, API version 2019-07-19. Not regional: "Region: not required for this API". */
export const tencentEcm = tencentProduct({
    name: "tencent-ecm",
    version: "2019-07-19",
    regional: false,
    actions: ECM_ACTIONS,
    parameters: ECM_PARAMETERS,
    queryTypes: { Offset: "integer", Limit: "integer" },
    rateLimits: ECM_RATE_LIMITS,
    snapshot: ecmSnapshot,
    seed: seedEcm,
});
