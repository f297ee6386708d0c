import { EmuError } from "../core/types";
import { tcError } from "../tencent/errors";
import type { TencentAction } from "../tencent/product";

export const invalidImageId = (id: string) => tcError("InvalidParameterValue.InvalidImageID", `The image id \`${id}\` is invalid.`);
export const cvmImageUnusable = (id: string, region: string) =>
    tcError("InvalidParameterValue.InvalidImageID", `The image \`${id}\` does not exist in \`${region}\` or is not in state NORMAL.`);
export const unsupportedRegion = (region: string) =>
    tcError("InvalidParameterValue.UnsupportedRegion", `The source region \`${region}\` is not supported.`);
export const missingImageParameter = (name: string) =>
    tcError("MissingParameter.MissingImageParameter", `The request is missing the image parameter \`${name}\`.`);
export const imageDuplicate = (cvmId: string) =>
    tcError("InvalidParameterValue.ImageDuplicate", `The image \`${cvmId}\` has already been imported.`);
export const nameDuplicate = (name: string) =>
    tcError("InvalidParameterValue.ImageNameDuplicate", `The image name \`${name}\` already exists.`);
export const privateImageQuota = (quota: number) =>
    tcError("ResourceInsufficient.InvaildPrivateImageNum", `The number of private images has reached the limit of ${quota}.`);
export const imageNotFound = (id: string) => tcError("ResourceNotFound", `The image \`${id}\` does not exist.`);
export const operationNotAllowed = (id: string, state: string) =>
    tcError("FailedOperation.OperationNotAllow", `The image \`${id}\` is in state ${state}; the operation is not allowed.`);
export const imageInUse = (id: string) => tcError("FailedOperation.ImageInUse", `The image \`${id}\` is in use.`);
export const invalidFilter = (why: string) => tcError("InvalidParameterValue.InvalidFilter", `Invalid filter: ${why}.`);
export const tooLarge = (why: string) => tcError("InvalidParameterValue.ParameterValueTooLarge", why);

/**
 * ImportImage, DescribeImage and DeleteImage document `InvalidParameter.InvalidDataFormat` for a value
 * of the wrong type, where the shared Tencent parameter reader says plain `InvalidParameter`.
 */
export function withDataFormatErrors(action: TencentAction): TencentAction {
    return (params, call, ctx) => {
        try {
            return action(params, call, ctx);
        } catch (e) {
            if (e instanceof EmuError && e.code === "InvalidParameter") throw tcError("InvalidParameter.InvalidDataFormat", e.message);
            throw e;
        }
    };
}
