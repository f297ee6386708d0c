import type { Inputs } from "../core/cloud";
import type { FieldSpec } from "../core/schema";
import type { CloudImage } from "../core/status";
import type { RpcBody } from "../alicloud/rpc";
import { ENS_SCHEMA, given } from "./schema";

/** The state of an image ENS has (DescribeImages finds it by id) but DescribeSelfImages does not list yet. */
export const UNLISTED = "Unlisted";

/** An item of DescribeSelfImages (DescribeImages' items are the same, without Status). */
export interface EnsImage {
    ImageId: string;
    ImageName?: string;
    Status?: string;
    Architecture?: string;
    ComputeType?: string;
    CreationTime?: string;
    /** A number in a string ("20"). */
    ImageSize?: unknown;
    OsVersion?: string;
    Platform?: string;
    RegionId?: string;
    DiskDeviceMappings?: { DiskDeviceMapping?: { Format?: string; Type?: string }[] };
}

export function imagesOf(body: RpcBody): EnsImage[] {
    const list = (body.Images as { Image?: unknown } | undefined)?.Image;
    return Array.isArray(list) ? (list as EnsImage[]) : [];
}

export function imageOf(img: EnsImage, state: string): CloudImage {
    const size = Number(String(img.ImageSize ?? ""));
    return {
        state,
        outputs: {
            // A listing without the name says nothing about it (an unset output would read as a cleared input).
            ...(img.ImageName ? { imageName: img.ImageName } : {}),
            imageSize: Number.isFinite(size) ? size : 0,
            createdTime: img.CreationTime ?? "",
            regionId: img.RegionId ?? "",
        },
    };
}

/** An input as the import sends it: the schema's default where it is unset. */
export function sent(inputs: Inputs, key: keyof typeof ENS_SCHEMA.inputs): string | undefined {
    const spec: FieldSpec = ENS_SCHEMA.inputs[key];
    const v = given(inputs[key]) ? inputs[key] : spec.default;
    return v === undefined ? undefined : String(v);
}

/** One image file as ImportImage names it. */
export interface OssSource {
    OSSRegion: string;
    OSSBucket: string;
    OSSObject: string;
}

/** The image files, each with its OSS region (its own, else the resource's). */
export function sourcesOf(inputs: Inputs): OssSource[] {
    const list = (given(inputs.diskDeviceMappings) ? inputs.diskDeviceMappings : given(inputs.ossObject) ? [inputs.ossObject] : []) as Record<string, unknown>[];
    return list.map((s) => ({ OSSRegion: String(given(s.region) ? s.region : inputs.region), OSSBucket: String(s.bucket), OSSObject: String(s.object) }));
}

/**
 * ImportImage's parameters. DiskDeviceMapping is one parameter holding a JSON list (the API declares it so,
 * and ENS reads it so): pop-core's own `DiskDeviceMapping.1.OSSBucket` flattening of an array is not what
 * ENS takes for it.
 */
export function importParams(inputs: Inputs): Record<string, unknown> {
    const disks = sourcesOf(inputs);
    return {
        ImageName: inputs.imageName,
        ComputeType: sent(inputs, "computeType"),
        OSType: sent(inputs, "osType"),
        Platform: sent(inputs, "platform"),
        OSVersion: sent(inputs, "osVersion"),
        ImageFormat: sent(inputs, "imageFormat"),
        Architecture: sent(inputs, "architecture"),
        TargetOSSRegionId: sent(inputs, "targetOssRegionId"),
        LicenseType: sent(inputs, "licenseType"),
        ...(given(inputs.diskDeviceMappings) ? { DiskDeviceMapping: JSON.stringify(disks) } : disks[0]),
    };
}
