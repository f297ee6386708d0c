import type { CloudDefinition } from "../core/cloud";
import { connectCvm } from "./api";
import { CVM_SCHEMA } from "./schema";

export const tencentCvmDefinition: CloudDefinition = {
    kind: "tencent-cvm",
    title: "Tencent Cloud CVM",
    schema: CVM_SCHEMA,
    nameField: "imageName",
    isReady: (outs) => outs.imageState === "NORMAL",
    uniqueName: { field: "imageName", within: ["region"] },
    defaults(inputs, settings) {
        if (inputs.region === undefined) {
            const region = settings.get("tencentcloud:region", "TENCENTCLOUD_REGION");
            if (region) inputs.region = region;
        }
        return inputs;
    },
    connect: connectCvm,
    failureHint:
        "The image is kept in the stack: fix the source and change imageUrl (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
