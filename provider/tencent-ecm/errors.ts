import type { ProductCodes } from "../tencent/errors";

/**
 * ECM's own image error codes (the ImportImage, DescribeImage, ModifyImageAttribute and DeleteImage pages
 * of https://www.tencentcloud.com/document/api/1119): busy while the image is being copied or in use, one
 * import per CVM image and unique names, and an unknown task.
 */
export const ECM_CODES: ProductCodes = [
    [/^FailedOperation\.InternalOperationFailure$/, "transient"],
    [/^FailedOperation\.(ImageInUse|OperationNotAllow)$/, "busy"],
    [/^InvalidParameterValue\.(ImageDuplicate|ImageNameDuplicate)$/, "conflict"],
    [/^InvalidParameterValue\.TaskNotFound$/, "not-found"],
];
