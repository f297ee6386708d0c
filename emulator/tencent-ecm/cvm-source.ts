import type { CloudContext } from "../core/types";
import { CvmModel, type CvmImage } from "../tencent-cvm";
import { CVM_REGIONS } from "../tencent-cvm/os-table";
import { cvmImageUnusable, invalidImageId, unsupportedRegion } from "./errors";
import { IMAGE_ID } from "./models";

/** CVM's images when the emulator serves CVM too; ECM alone knows no CVM image to import. */
function cvmImages(ctx: CloudContext): CvmModel | undefined {
    try {
        ctx.cloud("tencent-cvm");
    } catch {
        return undefined;
    }
    return new CvmModel(ctx);
}

/**
 * The CVM image an ECM import reads: it must be the caller's own, live in `region` and have finished
 * importing into CVM — the cloud copies a usable image, not a pending or broken one.
 */
export function cvmSourceImage(ctx: CloudContext, account: string, id: string, region: string): CvmImage {
    if (!IMAGE_ID.test(id)) throw invalidImageId(id);
    if (!CVM_REGIONS.includes(region)) throw unsupportedRegion(region);
    const cvm = cvmImages(ctx);
    const img = cvm?.find(id, region);
    if (!cvm || !img || img.account !== account || cvm.stateOf(img) !== "NORMAL") throw cvmImageUnusable(id, region);
    return img;
}

/** The OS name CVM's DescribeImages reports for an imported image, which ECM repeats as ImageOsName. */
export function cvmOsName(img: CvmImage): string {
    return `${img.osType} ${img.osVersion} ${img.architecture === "i386" ? "32" : "64"}位`;
}

export function isCvmImageId(ctx: CloudContext, id: string): boolean {
    return cvmImages(ctx)?.find(id) !== undefined;
}
