import * as pulumi from "@pulumi/pulumi";
import { resourceProps, type ImportedImageArgsBase, type Timeouts } from "../core/resource";
import { shimFor } from "../shim";
import { CVM_SCHEMA } from "./schema";

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
    architecture: pulumi.Input<"x86_64" | "i386" | "arm_64">;
    /** At most 256 characters. Updated in place. */
    imageDescription?: pulumi.Input<string>;
    /** Import without the cloud's checks (required for ISO files). Replaces. */
    force?: pulumi.Input<boolean>;
    licenseType?: pulumi.Input<"TencentCloud" | "BYOL">;
    bootMode?: pulumi.Input<"Legacy BIOS" | "UEFI">;
    /** Updated in place. */
    imageFamily?: pulumi.Input<string>;
    /** Set at import; a change is made in place through Tencent Cloud's tag service. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** COS URLs of data-disk images. Replaces. */
    dataDiskUrls?: pulumi.Input<pulumi.Input<string>[]>;
    timeouts?: pulumi.Input<Timeouts>;
}

/**
 * A disk image in COS imported as a Tencent Cloud CVM custom image (ImportImage, 2017-03-12).
 * Creation waits until the image is NORMAL; a failed or timed-out import stays in the stack and the
 * next `pulumi up` resumes waiting.
 */
export class TencentCvmImportedImage extends pulumi.dynamic.Resource {
    declare readonly imageId: pulumi.Output<string>;
    /** IMPORTING, NORMAL, IMPORTFAILED... as the cloud reports it. */
    declare readonly imageState: pulumi.Output<string>;
    /** Size in GB, once imported. */
    declare readonly imageSize: pulumi.Output<number>;
    declare readonly createdTime: pulumi.Output<string>;
    /** EXTERNAL_IMPORT for imported images. */
    declare readonly imageSource: pulumi.Output<string>;
    declare readonly region: pulumi.Output<string>;
    declare readonly imageName: pulumi.Output<string>;
    declare readonly imageUrl: pulumi.Output<string>;
    declare readonly osType: pulumi.Output<string>;
    declare readonly osVersion: pulumi.Output<string>;
    declare readonly architecture: pulumi.Output<string>;
    declare readonly imageDescription: pulumi.Output<string | undefined>;
    declare readonly imageFamily: pulumi.Output<string | undefined>;
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    declare readonly force: pulumi.Output<boolean | undefined>;
    declare readonly licenseType: pulumi.Output<string | undefined>;
    declare readonly bootMode: pulumi.Output<string | undefined>;
    declare readonly dataDiskUrls: pulumi.Output<string[] | undefined>;
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;

    constructor(name: string, args: TencentCvmImportedImageArgs, opts?: pulumi.CustomResourceOptions) {
        super(shimFor("tencent-cvm"), name, resourceProps(args, CVM_SCHEMA, "TencentCvmImportedImage", name, opts), opts, "image-import", "TencentCvmImportedImage");
    }
}
