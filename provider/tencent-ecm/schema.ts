import type { ResourceSchema } from "../core/schema";
import { TENCENT_IMAGE_ID, TENCENT_REGION } from "../tencent/region";

/**
 * ECM ImportImage's parameters (https://www.tencentcloud.com/document/api/1119/45722: a CVM image, its
 * region and a description) and what DescribeImage reports. The source identifies the image (it is this
 * API's "URL") and replaces; so does the name, as for every resource of this package. The import takes its
 * name from the CVM image: a name given here is set once the image is ready (ModifyImageAttribute, at most
 * 20 characters, unique), and left unset it is the cloud's choice, which is no change. The description is
 * changed in place.
 */
export const ECM_SCHEMA = {
    imageId: TENCENT_IMAGE_ID,
    inputs: {
        sourceImageId: {
            type: "string",
            doc: "The CVM image to import (img-...), such as a TencentCvmImportedImage's imageId. It must be ready (NORMAL).",
            required: true,
            pattern: { re: TENCENT_IMAGE_ID.re, rule: "must be a CVM image id such as img-pmqg1cw9" },
            change: "replace",
        },
        sourceRegion: {
            type: "string",
            doc: 'Region of the CVM image, e.g. "ap-guangzhou".',
            required: true,
            fallback: { config: "tencentcloud:region", env: ["TENCENTCLOUD_REGION"] },
            pattern: TENCENT_REGION,
            change: "replace",
        },
        imageDescription: {
            type: "string",
            doc: "The image's description (ECM requires one). While the image imports its description is this resource's mark (pulumi-import-...), replaced by this once the create has recorded it.",
            required: true,
            maxLength: 60,
            change: "update",
            apiName: "ImageDescription",
            // The import carries nothing else of ours: a marked description proves an image ours.
            markedDuringImport: true,
        },
        imageName: {
            type: "string",
            doc: "The image's name, unique in ECM. Unset, the image keeps the name the import gives it (the CVM image's).",
            minLength: 1,
            maxLength: 20,
            change: "replace",
            computedWhenUnset: true,
            setAfterImport: true,
            apiName: "ImageName",
        },
        timeouts: { type: "timeouts", doc: "How long create, update and delete wait.", change: "local" },
    },
    outputs: {
        imageId: { type: "string", doc: "The ECM image id (img-...)." },
        imageState: { type: "string", doc: "IMPORTING, NORMAL, IMPORTFAILED... as the cloud reports it." },
        imageSize: { type: "integer", doc: "Size in GB, once imported." },
        createdTime: { type: "string", doc: 'When the cloud created the image, as ECM writes it ("2019-07-22 20:48:14", Beijing time).' },
        imageSource: { type: "string", doc: "EXTERNAL_IMPORT for imported images." },
        osName: { type: "string", doc: 'The OS as ECM names it, e.g. "CentOS 7 64位".' },
        architecture: { type: "string", doc: "CPU architecture of the image." },
        taskId: { type: "string", doc: "The import's task while it runs or after it failed; empty once the image is ready." },
    },
    // One import per CVM image (ImageDuplicate), and names are unique: keeping either, the old image goes first.
    // An unset name is kept too: the new import takes the CVM image's name, most often the old image's.
    deleteFirstWhenKept: [["sourceImageId", "sourceRegion"], ["imageName"]],
} as const satisfies ResourceSchema;
