import { aliError, invalidParam, missingParam } from "./errors";
import type { OssSource } from "./models";
import type { EnsParams } from "./params";

/** Documented values of ImportImage (ENS ImportImage docs); "windows" is listed although only linux is supported. */
export const COMPUTE_TYPES = ["ens_vm"] as const;
export const ARCHITECTURES = ["x86_64"] as const;
export const OS_TYPES = ["linux", "windows"] as const;
export const IMAGE_FORMATS = ["qcow2"] as const;
export const PLATFORMS = ["centos", "ubuntu"] as const;
export const OSS_REGIONS = ["cn-beijing"] as const;
export const TARGET_OSS_REGIONS = ["cn-beijing", "ap-southeast-1"] as const;

const NAME_START = /^[A-Za-z\p{Script=Han}]/u;
const NAME_CHARS = /^[A-Za-z0-9\p{Script=Han}:_-]*$/u;

/**
 * "2 to 128 characters, starts with a letter or a Chinese character, may contain digits, colons,
 * underscores and hyphens, must not start with http:// or https://".
 */
export function checkImageName(name: string): void {
    const length = [...name].length;
    if (length < 2 || length > 128) throw invalidParam("ImageName", "the name must be 2 to 128 characters long");
    if (/^https?:\/\//i.test(name)) throw invalidParam("ImageName", "the name cannot start with http:// or https://");
    if (!NAME_START.test(name)) throw invalidParam("ImageName", "the name must start with a letter or a Chinese character");
    if (!NAME_CHARS.test(name)) {
        throw invalidParam("ImageName", "the name can contain only letters, Chinese characters, digits, colons (:), underscores (_) and hyphens (-)");
    }
}

const TRIPLE = ["OSSBucket", "OSSObject", "OSSRegion"] as const;

function ossRegion(name: string, value: string): string {
    if (!(OSS_REGIONS as readonly string[]).includes(value)) throw invalidParam(name, `only ${OSS_REGIONS.join(", ")} is supported`);
    return value;
}

/** DiskDeviceMapping as the Tea SDK sends it: one JSON-string parameter holding [{OSSBucket, OSSObject, OSSRegion}]. */
function parseMapping(raw: string): OssSource[] {
    let list: unknown;
    try {
        list = JSON.parse(raw);
    } catch {
        throw invalidParam("DiskDeviceMapping", "the value must be a JSON array");
    }
    if (!Array.isArray(list) || list.length === 0) throw invalidParam("DiskDeviceMapping", "the value must be a non-empty JSON array");
    return list.map((entry, i) => {
        const e = (entry ?? {}) as Record<string, unknown>;
        for (const key of TRIPLE) {
            if (typeof e[key] !== "string" || e[key] === "") throw invalidParam("DiskDeviceMapping", `entry ${i + 1} lacks ${key}`);
        }
        return { bucket: e.OSSBucket as string, object: e.OSSObject as string, region: ossRegion("DiskDeviceMapping.OSSRegion", e.OSSRegion as string) };
    });
}

/** The image file(s): either the top-level OSS triple or DiskDeviceMapping, never both. */
export function importSources(p: EnsParams): OssSource[] {
    const mapping = p.str("DiskDeviceMapping");
    const anyTriple = TRIPLE.some((k) => p.has(k));
    if (mapping !== undefined) {
        if (anyTriple) throw invalidParam("DiskDeviceMapping", "it cannot be combined with OSSBucket, OSSObject or OSSRegion");
        return parseMapping(mapping);
    }
    if (!anyTriple) {
        throw aliError("MissingParameter", "Either OSSBucket, OSSObject and OSSRegion or DiskDeviceMapping is mandatory for this action.");
    }
    for (const key of TRIPLE) if (!p.has(key)) throw missingParam(key);
    return [{ bucket: p.str("OSSBucket")!, object: p.str("OSSObject")!, region: ossRegion("OSSRegion", p.str("OSSRegion")!) }];
}
