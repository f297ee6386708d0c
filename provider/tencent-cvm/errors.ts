import type { ProductCodes } from "../tencent/errors";

/**
 * CVM's own image error codes (https://www.tencentcloud.com/document/api/213/15689 and the image
 * actions' pages): busy while an image is importing or in use, gone, and a name already taken.
 */
export const CVM_CODES: ProductCodes = [
    [/^FailedOperation\.InternalOperationFailure$/, "transient"],
    [/^(InvalidImageId\.IncorrectState|FailedOperation\.ImageInUse|FailedOperation\.OperationNotAllow)/, "busy"],
    [/^InvalidImageId\.NotFound$/, "not-found"],
    [/^InvalidImageName\.Duplicate$/, "conflict"],
];
