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
    // JD refuses no second import (names are not unique): a create looks for a killed run's marked image first.
    connect: connectJdVm,
    failureHint:
        "The image is kept in the stack: fix the source and change imageUrl (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
