import type * as pulumi from "@pulumi/pulumi";
import { ImportedImage, type ImportedImageArgsBase, type Timeouts, type TimeoutsArgs } from "../program/resource";
import { pulumiTypeOf } from "../core/identity";
import { TENCENT_ECM } from "./identity";
import { ECM_SCHEMA } from "./schema";

/** The arguments of a TencentEcmImportedImage: the CVM image to import, and what the ECM image is called. */
export interface TencentEcmImportedImageArgs extends ImportedImageArgsBase {
    /** The CVM image to import (img-...), such as a TencentCvmImportedImage's `imageId`; it must be ready (NORMAL). Replaces. */
    sourceImageId: pulumi.Input<string>;
    /** Region of the CVM image, such as a TencentCvmImportedImage's `region`; defaults to `tencentcloud:region` or TENCENTCLOUD_REGION. Replaces. */
    sourceRegion?: pulumi.Input<string>;
    /** At most 60 characters; ECM requires one. Updated in place. */
    imageDescription: pulumi.Input<string>;
    /**
     * At most 20 characters, unique in ECM, set once the image is ready. Unset, the image keeps the name the import
     * gives it (the CVM image's), and that is no change. Replaces (delete first when kept).
     */
    imageName?: pulumi.Input<string>;
    /** How long create, update and delete wait (default create and update "6h", delete "1h"); no cloud call. */
    timeouts?: pulumi.Input<TimeoutsArgs>;
}

/**
 * A Tencent Cloud CVM image imported into ECM, edge computing (ImportImage, 2019-07-19). The cloud answers
 * with no image id: create finds the new image by what it can prove, records it, and waits until it is
 * NORMAL; a failed or timed-out import stays in the stack and the next `pulumi up` resumes waiting.
 */
export class TencentEcmImportedImage extends ImportedImage {
    /** The Pulumi type token of this resource, as state and `isInstance` know it. */
    static readonly pulumiType = pulumiTypeOf(TENCENT_ECM);

    /** IMPORTING, NORMAL, IMPORTFAILED... as the cloud reports it. */
    declare readonly imageState: pulumi.Output<string>;
    /** Size in GB, once imported. */
    declare readonly imageSize: pulumi.Output<number>;
    /** When the cloud created the image, as ECM writes it ("2019-07-22 20:48:14", Beijing time). */
    declare readonly createdTime: pulumi.Output<string>;
    /** EXTERNAL_IMPORT for imported images. */
    declare readonly imageSource: pulumi.Output<string>;
    /** The OS as ECM names it, e.g. "CentOS 7 64位". */
    declare readonly osName: pulumi.Output<string>;
    /** CPU architecture of the image. */
    declare readonly architecture: pulumi.Output<string>;
    /** The import's task while it runs or after it failed; empty once the image is ready. */
    declare readonly taskId: pulumi.Output<string>;
    /** The CVM image imported. */
    declare readonly sourceImageId: pulumi.Output<string>;
    /** Region of the CVM image. */
    declare readonly sourceRegion: pulumi.Output<string>;
    /** The description, as the cloud reports it. */
    declare readonly imageDescription: pulumi.Output<string>;
    /** The image's name: the one given, or the one the import gave it. */
    declare readonly imageName: pulumi.Output<string>;
    /** How long create, update and delete wait. */
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;

    constructor(name: string, args: TencentEcmImportedImageArgs, opts?: pulumi.CustomResourceOptions) {
        super(TENCENT_ECM, ECM_SCHEMA, name, args, opts);
    }
}
