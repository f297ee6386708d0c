import type { CloudDefinition } from "../core/cloud";
import type { StateTable } from "../core/status";
import { connectEns } from "./api";
import { ENS_SCHEMA } from "./schema";

/** What each failure state means; DescribeSelfImages gives no reason of its own. */
const FAILURES: Record<string, string> = {
    Pack_failed: "ENS could not pack the image file (Pack_failed): check that the OSS object is a qcow2 disk image of the OS given",
    Upload_failed: "ENS could not upload the image file (Upload_failed): check the bucket, the object key and its region, and that ENS may read the bucket",
    Unavailable: "the image was imported but ENS reports it Unavailable: it cannot be used; import the file again, and ask Alibaba Cloud support if that fails too",
};

/**
 * DescribeSelfImages' Status values (https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-describeselfimages):
 * "only images in the Available state can be used"; Creating, Packing, Uploading and Copying (and the
 * Unlisted of an image the listing does not show yet) are on the way.
 */
export const ENS_STATES: StateTable = {
    ready: ["Available"],
    failed: Object.keys(FAILURES),
    failedReason: (state) => FAILURES[state] ?? `the image reached state ${state}`,
};

export const alicloudEnsDefinition: CloudDefinition = {
    cloud: "alicloud-ens",
    title: "Alibaba Cloud ENS",
    schema: ENS_SCHEMA,
    states: ENS_STATES,
    stateOutput: "imageStatus",
    // Describe confirms a missing image by its id; this covers a look-up that lags right after the import.
    notFoundGraceMs: 30_000,
    // Names are not unique and ENS takes no token: a lost import sent again too soon is a second image, so
    // the listing, which may lag behind the import, gets two minutes to show the first.
    lostImportPatienceMs: 120_000,
    // ENS refuses no second import (names are not unique): a create looks for a killed run's marked image first.
    connect: connectEns,
    failureHint:
        "The image is kept in the stack: fix the image file and change ossObject or diskDeviceMappings (which replaces it), or run `pulumi destroy`; a plain `pulumi up` checks it again.",
};
