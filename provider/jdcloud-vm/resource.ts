import type * as pulumi from "@pulumi/pulumi";
import { ImportedImage, type ImportedImageArgsBase, type Timeouts, type TimeoutsArgs } from "../program/resource";
import type { PlainOutputs } from "../core/schema";
import { pulumiTypeOf } from "../core/identity";
import { JDCLOUD_VM } from "./identity";
import { JD_VM_SCHEMA } from "./schema";

type Outputs = PlainOutputs<typeof JD_VM_SCHEMA>;

/** The arguments of a JdcloudVmImportedImage: the disk image in OSS and what the VM image is. */
export interface JdcloudVmImportedImageArgs extends ImportedImageArgsBase {
    /** Region of the image, e.g. "cn-north-1"; defaults to `jdcloud:region` or JDCLOUD_REGION. Replaces. */
    region?: pulumi.Input<string>;
    /** Image name: at most 32 letters, digits, Chinese characters, '_' or '-'; JD does not require it to be unique. Replaces. */
    imageName: pulumi.Input<string>;
    /**
     * JD OSS URL of the disk image (its internal download address), in the image's region. A presigned URL is kept
     * secret; re-signing it is not a change. Replaces.
     */
    imageUrl: pulumi.Input<string>;
    /** CPU architecture of the image. Replaces. */
    architecture: pulumi.Input<"x86_64" | "arm64">;
    /** OS type of the image. Replaces. */
    osType: pulumi.Input<"windows" | "linux">;
    /** OS platform of the image. Replaces. */
    platform: pulumi.Input<"Ubuntu" | "CentOS" | "Windows Server" | "OpenEuler" | "Rocky Linux" | "Other Linux" | "Other Windows">;
    /** Format of the disk image file. Replaces. */
    diskFormat: pulumi.Input<"qcow2" | "vhd" | "vmdk" | "raw">;
    /** Default system disk size of instances made from the image, in GB: 40 to 500, a multiple of 10. Replaces. */
    systemDiskSizeGB: pulumi.Input<number>;
    /** OS version, e.g. "7.6". Replaces. */
    osVersion?: pulumi.Input<string>;
    /** At most 256 characters. Updated in place (modifyImageAttribute). */
    description?: pulumi.Input<string>;
    /** Import without JD's compliance checks of the image (default false). Replaces. */
    forceImport?: pulumi.Input<boolean>;
    /** How long create, update and delete wait (default create and update "6h", delete "1h"); no cloud call. */
    timeouts?: pulumi.Input<TimeoutsArgs>;
}

/**
 * A disk image in JD Cloud OSS imported as a JD Cloud VM private image (importImage, vm v1). Creation waits
 * until the image is ready, reporting its import task's progress; a failed or timed-out import stays in the
 * stack and the next `pulumi up` resumes waiting. Deleting it deletes the snapshot the import made too.
 */
export class JdcloudVmImportedImage extends ImportedImage {
    /** The Pulumi type token of this resource, as state and `isInstance` know it. */
    static readonly pulumiType = pulumiTypeOf(JDCLOUD_VM);

    /** pending, ready, error or deleting, as the cloud reports it. */
    declare readonly imageState: pulumi.Output<string>;
    /** @deprecated The same as `imageState`, which replaces it; this name goes in the next release. */
    declare readonly imageStatus: pulumi.Output<string>;
    /** The import task's id (imageTasks), where this resource made the import. */
    declare readonly taskId: pulumi.Output<string>;
    /** The import's progress in percent, as its task reports it. */
    declare readonly progress: pulumi.Output<number>;
    /** Size in MB once imported (0 before). */
    declare readonly imageSizeMB: pulumi.Output<number>;
    /** When the cloud created the image, as JD writes it ("2021-01-28 16:49:05"). */
    declare readonly createdTime: pulumi.Output<string>;
    /** The snapshot the import made for the system disk, once the import has finished; deleted with the image. */
    declare readonly snapshotId: pulumi.Output<string>;
    /** Region of the image. */
    declare readonly region: pulumi.Output<string>;
    /** Image name, as the cloud reports it. */
    declare readonly imageName: pulumi.Output<string>;
    /** OSS URL of the disk image, without a presigned URL's signature. */
    declare readonly imageUrl: pulumi.Output<string>;
    /** CPU architecture of the image. */
    declare readonly architecture: pulumi.Output<Outputs["architecture"]>;
    /** OS type of the image. */
    declare readonly osType: pulumi.Output<Outputs["osType"]>;
    /** OS platform of the image. */
    declare readonly platform: pulumi.Output<Outputs["platform"]>;
    /** Format of the disk image file. */
    declare readonly diskFormat: pulumi.Output<Outputs["diskFormat"]>;
    /** Default system disk size, in GB. */
    declare readonly systemDiskSizeGB: pulumi.Output<number>;
    /** OS version. */
    declare readonly osVersion: pulumi.Output<string | undefined>;
    /** The description, as the cloud reports it. */
    declare readonly description: pulumi.Output<string | undefined>;
    /** Whether the import skipped JD's compliance checks. */
    declare readonly forceImport: pulumi.Output<boolean | undefined>;
    /** How long create, update and delete wait. */
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;

    constructor(name: string, args: JdcloudVmImportedImageArgs, opts?: pulumi.CustomResourceOptions) {
        super(JDCLOUD_VM, JD_VM_SCHEMA, name, args, opts);
    }
}
