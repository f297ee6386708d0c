import type { CloudDefinition } from "../core/cloud";
import { connectEns, ENS_STATES } from "./api";
import { ALICLOUD_ENS } from "./identity";
import { ENS_SCHEMA } from "./schema";

export const alicloudEnsDefinition: CloudDefinition<typeof ENS_SCHEMA> = {
    identity: ALICLOUD_ENS,
    schema: ENS_SCHEMA,
    states: ENS_STATES,
    // Names are not unique and ENS takes no token: a lost import sent again too soon is a second image, so
    // the listing, which may lag behind the import, gets two minutes to show the first.
    lostImportPatienceMs: 120_000,
    // ENS refuses no second import (names are not unique): a create looks for a killed run's marked image first.
    connect: connectEns,
    failureHint:
        "The image is kept in the stack: fix the image file and change ossObject or diskDeviceMappings (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
