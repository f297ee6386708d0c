import type { CloudDefinition } from "../core/cloud";
import { connectCvm, CVM_STATES } from "./api";
import { TENCENT_CVM } from "./identity";
import { CVM_SCHEMA } from "./schema";

export const tencentCvmDefinition: CloudDefinition<typeof CVM_SCHEMA> = {
    identity: TENCENT_CVM,
    schema: CVM_SCHEMA,
    states: CVM_STATES,
    conflict: {
        explain: (_code, inputs) => ({
            field: "imageName",
            advice: `an image named "${inputs.imageName}" already exists in the region and names must be unique; choose another name or delete that image (if it is this resource's own, replaced with \`pulumi up --replace\`, give the resource deleteBeforeReplace: true)`,
        }),
    },
    connect: connectCvm,
    failureHint:
        "The image is kept in the stack: fix the source and change imageUrl (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
