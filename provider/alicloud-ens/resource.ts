import type * as pulumi from "@pulumi/pulumi";
import { ImportedImage, type ImportedImageArgsBase, type Timeouts, type TimeoutsArgs } from "../program/resource";
import type { PlainOutputs } from "../core/schema";
import { pulumiTypeOf } from "../core/identity";
import { ALICLOUD_ENS } from "./identity";
import { ENS_SCHEMA } from "./schema";

type Outputs = PlainOutputs<typeof ENS_SCHEMA>;

/** One image file in OSS (ImportImage's OSSRegion / OSSBucket / OSSObject). */
export interface AlicloudEnsOssObject {
    /** The OSS region of the bucket; defaults to the resource's `region`. ENS imports only from cn-beijing today. */
    region?: pulumi.Input<"cn-beijing">;
    /** The bucket: 3 to 63 lowercase letters, digits and hyphens. */
    bucket: pulumi.Input<string>;
    /** The key of the qcow2 file in the bucket, without a leading slash. */
    object: pulumi.Input<string>;
}

/** An image file as the resource reports it back. */
export interface AlicloudEnsOssObjectOutput {
    /** The OSS region of the bucket, where the resource gave one. */
    region?: string;
    /** The bucket. */
    bucket: string;
    /** The key of the qcow2 file in the bucket. */
    object: string;
}

/**
 * The arguments of an AlicloudEnsImportedImage but its source: what the ENS image is. Every field the schema
 * has, each optional where the schema lets it be left out (the source among them).
 */
export interface AlicloudEnsImportedImageFields extends ImportedImageArgsBase {
    /**
     * The OSS region of the image file(s) wherever a source gives none; defaults to `alicloud:region`,
     * ALIBABA_CLOUD_REGION or ALICLOUD_REGION. Replaces.
     */
    region?: pulumi.Input<string>;
    /**
     * 2 to 128 letters, Chinese characters, digits, colons, underscores and hyphens, starting with a letter or a
     * Chinese character. Not unique in ENS. Replaces (the new image is imported before the old one is deleted).
     */
    imageName: pulumi.Input<string>;
    /** ens_vm, the only value and the default. Replaces. */
    computeType?: pulumi.Input<"ens_vm">;
    /** linux, the default: ENS lists windows too, but imports only linux today. Replaces. */
    osType?: pulumi.Input<"linux">;
    /** The OS distribution. Replaces. */
    platform?: pulumi.Input<"centos" | "ubuntu">;
    /** The distribution's version, e.g. "7.6". Replaces. */
    osVersion?: pulumi.Input<string>;
    /** qcow2, the only value and the default. Replaces. */
    imageFormat?: pulumi.Input<"qcow2">;
    /** x86_64, the only value and the default. Replaces. */
    architecture?: pulumi.Input<"x86_64">;
    /** The image file in OSS; give this or `diskDeviceMappings`. Replaces. */
    ossObject?: pulumi.Input<AlicloudEnsOssObject>;
    /** The image files in OSS, one per disk, the system disk first; give this or `ossObject`. Replaces. */
    diskDeviceMappings?: pulumi.Input<pulumi.Input<AlicloudEnsOssObject>[]>;
    /** Where ENS keeps the image; unset, in the source's region. Replaces. */
    targetOssRegionId?: pulumi.Input<"cn-beijing" | "ap-southeast-1">;
    /** The OS licence type, as ENS takes it. Replaces. */
    licenseType?: pulumi.Input<string>;
    /** How long create, update and delete wait (default create and update "6h", delete "1h"); no cloud call. */
    timeouts?: pulumi.Input<TimeoutsArgs>;
}

/** Where the image comes from: one file (`ossObject`) or one per disk (`diskDeviceMappings`), never both, never neither. */
export type AlicloudEnsSource =
    | {
          /** The image file in OSS. Replaces. */
          ossObject: pulumi.Input<AlicloudEnsOssObject>;
          /** Not given with `ossObject`. */
          diskDeviceMappings?: undefined;
      }
    | {
          /** Not given with `diskDeviceMappings`. */
          ossObject?: undefined;
          /** The image files in OSS, one per disk, the system disk first. Replaces. */
          diskDeviceMappings: pulumi.Input<pulumi.Input<AlicloudEnsOssObject>[]>;
      };

/** The arguments of an AlicloudEnsImportedImage: the image file(s) in OSS (exactly one of the two forms) and what the ENS image is. */
export type AlicloudEnsImportedImageArgs = Omit<AlicloudEnsImportedImageFields, "ossObject" | "diskDeviceMappings"> & AlicloudEnsSource;

/**
 * A qcow2 disk image in OSS imported as an Alibaba Cloud ENS custom image (ImportImage, 2017-11-10). Creation
 * waits until the image is Available; a failed or timed-out import stays in the stack and the next
 * `pulumi up` resumes waiting. ENS names are not unique and its import takes no token: an image a killed
 * `pulumi up` made is not known to the stack (adopt it with `adoptImageId`, or delete it).
 */
export class AlicloudEnsImportedImage extends ImportedImage {
    /** The Pulumi type token of this resource, as state and `isInstance` know it. */
    static readonly pulumiType = pulumiTypeOf(ALICLOUD_ENS);

    /** Creating, Packing, Uploading, Copying, Available, Pack_failed, Upload_failed or Unavailable, as ENS reports it. */
    declare readonly imageState: pulumi.Output<string>;
    /** @deprecated The same as `imageState`, which replaces it; this name goes in the next release. */
    declare readonly imageStatus: pulumi.Output<string>;
    /** Size in GiB, as ENS reports it. */
    declare readonly imageSize: pulumi.Output<number>;
    /** When ENS created the image, in UTC ("2017-12-08T12:10:03Z"). */
    declare readonly createdTime: pulumi.Output<string>;
    /** The region ENS keeps the image in: targetOssRegionId, else the source's OSS region. */
    declare readonly regionId: pulumi.Output<string>;
    /** The OSS region of the image file(s) wherever a source gives none. */
    declare readonly region: pulumi.Output<string>;
    /** The image's name as ENS lists it (a rename outside Pulumi shows on refresh). */
    declare readonly imageName: pulumi.Output<string>;
    /** The image's compute type. */
    declare readonly computeType: pulumi.Output<Outputs["computeType"] | undefined>;
    /** The OS type. */
    declare readonly osType: pulumi.Output<Outputs["osType"] | undefined>;
    /** The OS distribution. */
    declare readonly platform: pulumi.Output<Outputs["platform"] | undefined>;
    /** The distribution's version. */
    declare readonly osVersion: pulumi.Output<string | undefined>;
    /** The image file's format. */
    declare readonly imageFormat: pulumi.Output<Outputs["imageFormat"] | undefined>;
    /** The CPU architecture. */
    declare readonly architecture: pulumi.Output<Outputs["architecture"] | undefined>;
    /** The image file in OSS, where given so. */
    declare readonly ossObject: pulumi.Output<AlicloudEnsOssObjectOutput | undefined>;
    /** The image files in OSS, where given so. */
    declare readonly diskDeviceMappings: pulumi.Output<AlicloudEnsOssObjectOutput[] | undefined>;
    /** Where ENS keeps the image, where given. */
    declare readonly targetOssRegionId: pulumi.Output<Outputs["targetOssRegionId"] | undefined>;
    /** The OS licence type, where given. */
    declare readonly licenseType: pulumi.Output<string | undefined>;
    /** How long create, update and delete wait. */
    declare readonly timeouts: pulumi.Output<Timeouts | undefined>;

    constructor(name: string, args: AlicloudEnsImportedImageArgs, opts?: pulumi.CustomResourceOptions) {
        super(ALICLOUD_ENS, ENS_SCHEMA, name, args, opts);
    }
}
