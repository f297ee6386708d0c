import type { CloudDefinition } from "../core/cloud";
import { connectJdVm, JD_VM_STATES } from "./api";
import { JD_VM_SCHEMA } from "./schema";

export const jdcloudVmDefinition: CloudDefinition = {
    cloud: "jdcloud-vm",
    title: "JD Cloud VM",
    schema: JD_VM_SCHEMA,
    states: JD_VM_STATES,
    stateOutput: "imageStatus",
    // JD does not say that describeImages shows a new image at once: missing for a while after the import, it is lag.
    notFoundGraceMs: 30_000,
    conflict: {
        // JD documents no name or source clash (names need not be unique; its CONFLICT is a wrong OSS region), so no error is read as one.
        explain: (code, inputs) => ({
            field: "imageName",
            advice: `JD Cloud refused the import of "${inputs.imageName}" with ${code}, which it documents for no clash; check the image in the console`,
        }),
        // The clientToken dies with the process (see importImage): nothing proves a killed run's image ours.
        provesEarlierRuns: false,
    },
    connect: connectJdVm,
    failureHint:
        "The image is kept in the stack: fix the source and change imageUrl (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
