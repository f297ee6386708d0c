import type { CloudDefinition } from "../core/cloud";
import { connectJdVm, JD_VM_STATES } from "./api";
import { JDCLOUD_VM } from "./identity";
import { JD_VM_SCHEMA } from "./schema";

export const jdcloudVmDefinition: CloudDefinition<typeof JD_VM_SCHEMA> = {
    identity: JDCLOUD_VM,
    schema: JD_VM_SCHEMA,
    states: JD_VM_STATES,
    // JD refuses no second import (names are not unique): a create looks for a killed run's marked image first.
    connect: connectJdVm,
    failureHint:
        "The image is kept in the stack: fix the source and change imageUrl (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
