import { tcError } from "../tencent/errors";

export const imageNotFound = (id: string) => tcError("InvalidImageId.NotFound", `The specified image \`${id}\` does not exist.`);
export const imageMalformed = (id: string) => tcError("InvalidImageId.Malformed", `The image id \`${id}\` is malformed.`);
export const imageIncorrectState = (id: string, state: string) =>
    tcError("InvalidImageId.IncorrectState", `The image \`${id}\` is in state ${state} and cannot be operated on.`);
export const nameDuplicate = (name: string) => tcError("InvalidImageName.Duplicate", `The image name \`${name}\` already exists.`);
export const regionNotFound = (region: string) => tcError("InvalidRegion.NotFound", `The region \`${region}\` does not exist.`);
export const quotaExceeded = (quota: number) => tcError("ImageQuotaLimitExceeded", `The image quota of ${quota} for this region is used up.`);
export const osTypeUnsupported = (os: string) => tcError("InvalidImageOsType.Unsupported", `The OsType \`${os}\` is not supported for import.`);
export const osVersionUnsupported = (os: string, v: string) =>
    tcError("InvalidImageOsVersion.Unsupported", `The OsVersion \`${v}\` of \`${os}\` is not supported for import.`);
export const urlError = (url: string) => tcError("InvalidParameter.InvalidParameterUrlError", `The image URL \`${url}\` is invalid.`);
