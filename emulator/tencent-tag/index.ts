import { tencentProduct } from "../tencent/product";
import { TAG_ACTIONS, TAG_PARAMETERS, TAG_RATE_LIMITS } from "./responses";

/** Tencent Cloud Tag, API version 2018-08-13: how tags of an existing CVM image change. Not regional. */
export const tencentTag = tencentProduct({
    name: "tencent-tag",
    version: "2018-08-13",
    regional: false,
    actions: TAG_ACTIONS,
    parameters: TAG_PARAMETERS,
    queryTypes: {},
    rateLimits: TAG_RATE_LIMITS,
});
