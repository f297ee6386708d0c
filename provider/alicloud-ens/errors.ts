import type { ProductCodes } from "../alicloud/errors";

/**
 * ENS's image error codes (the DeleteImage and ModifyImageAttribute pages of
 * https://www.alibabacloud.com/help/en/ens/developer-reference/api-ens-2017-11-10-deleteimage): every one is
 * HTTP 400, and an image that is still importing is `IncorrectStatus.Image`. `Error.DeleteImage` ("The image
 * is not exist.") is also what ENS answers for an image in use, so it is no proof of anything: deleteImage
 * asks the cloud whether the image is still there. ENS publishes no not-found code; `InvalidImageId.NotFound`
 * is the answer some clients were written against, and is checked the same way.
 */
export const ENS_CODES: ProductCodes = [
    [/^IncorrectStatus\.Image$/, "busy"],
    [/^InvalidImageId\.NotFound$/, "not-found"],
    [/^Error\.DeleteImage$/, "other"],
];

/** What DeleteImage answers for an image that may be gone, or may be in use. */
export const AMBIGUOUS_DELETE = /^(Error\.DeleteImage|InvalidImageId\.NotFound|InvalidParameter\.ImageId)$/;
