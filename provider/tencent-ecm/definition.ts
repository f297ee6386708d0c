import type { CloudDefinition } from "../core/cloud";
import { connectEcm, ECM_STATES } from "./api";
import { TENCENT_ECM } from "./identity";
import { ECM_SCHEMA } from "./schema";

const ADOPT = "if that ECM image is this resource's own, recorded by another stack or lost from this one, set adoptImageId to its id; otherwise delete it";

export const tencentEcmDefinition: CloudDefinition<typeof ECM_SCHEMA> = {
    identity: TENCENT_ECM,
    schema: ECM_SCHEMA,
    states: ECM_STATES,
    conflict: {
        explain: (code, inputs) =>
            code === "InvalidParameterValue.ImageNameDuplicate"
                ? { field: "sourceImageId", advice: `an ECM image already has the name that the import takes from CVM image ${inputs.sourceImageId}; ${ADOPT} or rename it` }
                : { field: "sourceImageId", advice: `CVM image ${inputs.sourceImageId} (${inputs.sourceRegion}) is already imported into ECM, which imports each CVM image once; ${ADOPT}, or import another CVM image` },
    },
    connect: connectEcm,
    failureHint:
        "The image is kept in the stack: fix the source CVM image and change sourceImageId (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
