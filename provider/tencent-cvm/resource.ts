import type * as pulumi from "@pulumi/pulumi";
import { ImportedImage, type ImportedImageArgsBase, type Timeouts, type TimeoutsArgs } from "../program/resource";
import type { PlainOutputs } from "../core/schema";
import { pulumiTypeOf } from "../core/identity";
import { TENCENT_CVM } from "./identity";
import { CVM_SCHEMA } from "./schema";

type Outputs = PlainOutputs<typeof CVM_SCHEMA>;

/** The arguments of a TencentCvmImportedImage: the disk image in COS and what the CVM image is. */
export interface TencentCvmImportedImageArgs extends ImportedImageArgsBase {
    /** Region of the image, e.g. "ap-guangzhou"; defaults to `tencentcloud:region` or TENCENTCLOUD_REGION. Replaces. */
    region?: pulumi.Input<string>;
    /** Image name, at most 60 characters, unique in the region. Replaces (delete first when kept). */
    imageName: pulumi.Input<string>;
    /** COS URL of the disk image (qcow2, vhd, vmdk, raw, iso). A presigned URL is kept secret; re-signing it is not a change. Replaces. */
    imageUrl: pulumi.Input<string>;
    /** OS as DescribeImportImageOs names it, e.g. "CentOS", "Ubuntu", "Windows Server 2016". Replaces. */
    osType: pulumi.Input<string>;
    /** OS version from DescribeImportImageOs, e.g. "7" or "-". Replaces. */
    osVersion: pulumi.Input<string>;
    /** CPU architecture of the image. Replaces. */
    architecture: pulumi.Input<"x86_64" | "i386" | "arm_64">;
    /** At most 256 characters. Updated in place. */
    imageDescription?: pulumi.Input<string>;
    /** Import without the cloud's checks (required for ISO files). Replaces. */
    force?: pulumi.Input<boolean>;
    /** Licence of the OS (default "TencentCloud"). Replaces. */
    licenseType?: pulumi.Input<"TencentCloud" | "BYOL">;
    /** Boot mode (default "Legacy BIOS"). Replaces. */
    bootMode?: pulumi.Input<"Legacy BIOS" | "UEFI">;
    /** Image family: a letter, then at most 59 letters, digits, '.', '_' or '-'. Updated in place. */
    imageFamily?: pulumi.Input<string>;
    /** At most 49 tags; set at import and changed in place through Tencent Cloud's tag service. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** COS URLs of data-disk images, at most 10. Replaces. */
    dataDiskUrls?: pulumi.Input<pulumi.Input<string>[]>;
    /** How long create, update and delete wait (default create and update "6h", delete "1h"); no cloud call. */
    timeouts?: pulumi.Input<TimeoutsArgs>;
}

/**
 * A disk image in COS imported as a Tencent Cloud CVM custom image (ImportImage, 2017-03-12).
 * Creation waits until the image is NORMAL; a failed or timed-out import stays in the stack and the
 * next `pulumi up` resumes waiting.
 */
export class TencentCvmImportedImage extends ImportedImage {
    /** The Pulumi type token of this resource, as state and `isInstance` know it. */
    static readonly pulumiType = pulumiTypeOf(TENCENT_CVM);

    /** IMPORTING, NORMAL, IMPORTFAILED... as the cloud reports it. */
    declare readonly imageState: pulumi.Output<string>;
    /** Size in GB, once imported. */
    declare readonly imageSize: pulumi.Output<number>;
    /** When the cloud created the image (ISO 8601). */
    declare readonly createdTime: pulumi.Output<string>;
    /** EXTERNAL_IMPORT for imported images. */
    declare readonly imageSource: pulumi.Output<string>;
    /** Region of the image. */
    declare readonly region: pulumi.Output<string>;
    /** Image name, as the cloud reports it. */
    declare readonly imageName: pulumi.Output<string>;
    /** COS URL of the disk image, without a presigned URL's signature. */
    declare readonly imageUrl: pulumi.Output<string>;
    /** OS as DescribeImportImageOs names it. */
    declare readonly osType: pulumi.Output<string>;
    /** OS version. */
    declare readonly osVersion: pulumi.Output<string>;
    /** CPU architecture of the image. */
    declare readonly architecture: pulumi.Output<Outputs["architecture"]>;
    /** The description, as the cloud reports it. */
    declare readonly imageDescription: pulumi.Output<string | undefined>;
    /** The image family, as the cloud reports it. */
    declare readonly imageFamily: pulumi.Output<string | undefined>;
    /** The user's tags, as the cloud reports them (the import token's tag is left out). */
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    /** Whether the import skipped the cloud's checks. */
    declare readonly force: pulumi.Output<boolean | undefined>;
    /** Licence of the OS. */
    declare readonly licenseType: pulumi.Output<Outputs["licenseType"] | undefined>;
    /** Boot mode. */
    declare readonly bootMode: pulumi.Output<Outputs["bootMode"] | undefined>;
    /** COS URLs of data-disk images, without signatures. */
    declare readonly dataDiskUrls: pulumi.Output<string[] | undefined>;
    /** How long create, update and delete wait. */
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;

    constructor(name: string, args: TencentCvmImportedImageArgs, opts?: pulumi.CustomResourceOptions) {
        super(TENCENT_CVM, CVM_SCHEMA, name, args, opts);
    }
}
