import { EmuError } from "../core/types";

/**
 * Alibaba signals errors by HTTP status plus a string Code in the body; pop-core decides by the Code
 * alone, so every error here carries one.
 */
export const aliError = (code: string, message: string, httpStatus = 400) => new EmuError(code, message, httpStatus);

// Gateway (common-parameter) errors, with Alibaba's own wording.

/** A missing parameter, common or the action's own: ENS names it in the message, not in the code. */
export const missingParam = (name: string) =>
    aliError("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

export const invalidVersion = () => aliError("InvalidVersion", "Specified parameter Version is not valid.");
export const accessKeyNotFound = () => aliError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
export const incompleteSignature = () => aliError("IncompleteSignature", "The request signature does not conform to Aliyun standards.");
/** Like the real gateway, the message shows the server's string to sign (no secret is part of it) so a client can find its mistake. */
export const signatureMismatch = (serverStringToSign: string) =>
    aliError("SignatureDoesNotMatch", `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`);
export const timestampFormat = () => aliError("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
export const timestampExpired = () => aliError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
export const nonceUsed = () => aliError("SignatureNonceUsed", "Specified signature nonce was used already.");
export const actionNotFound = () => aliError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404);
export const throttled = () => aliError("Throttling.User", "Request was denied due to user flow control.");
export const malformedEncoding = () => aliError("InvalidParameter", "The request contains a malformed percent-encoded sequence.");
/** A common parameter (SignatureMethod, SignatureVersion) with a value the gateway does not support. */
export const invalidCommon = (name: string, why: string) => aliError("InvalidParameter", `The specified parameter "${name}" is not valid: ${why}.`);

/*
 * ENS image errors, as the ENS API reference lists them for DeleteImage and ModifyImageAttribute
 * (https://help.aliyun.com/zh/ens/developer-reference/api-ens-2017-11-10-deleteimage): every one is
 * HTTP 400, a bad value is `InvalidParameter.<field>`, and a busy image is `IncorrectStatus.Image`.
 */

/** The published message, then why, so a client can see what it sent wrong. */
export const invalidParam = (name: string, why: string) =>
    aliError(`InvalidParameter.${name}`, `The specified field ${name} invalid. Please check it again. (${why})`);

/** ModifyImageAttribute's page lists no status error; DeleteImage's is the one ENS has, so both answer it. */
export const incorrectImageStatus = (status: string) =>
    aliError("IncorrectStatus.Image", `The current status of the image does not support this operation. (${status})`);

/** Not published: the emulator's choice, as no ENS quota error for images is documented. */
export const quotaExceeded = (quota: number) => aliError("QuotaExceed.Image", `The number of custom images exceeds the quota of ${quota}.`);

/** What `ensNotFound` may be set to; see `notFoundAnswer`. */
export const ENS_NOT_FOUND_MODES = ["success", "400", "404"] as const;
export type EnsNotFoundMode = (typeof ENS_NOT_FOUND_MODES)[number];

/**
 * What DeleteImage or ModifyImageAttribute answers for an image id the account does not have
 * (`undefined`: success, nothing done). The only not-found answer Alibaba publishes is on
 * DeleteImage's Chinese page: HTTP 400 `Error.DeleteImage` "The image is not exist." (a code it also
 * uses for an image in use, so the code cannot tell a client the image is gone); for
 * ModifyImageAttribute nothing is published, so "400" follows its `InvalidParameter.<field>` rule.
 * "404" is the emulator's earlier `InvalidImageId.NotFound`, kept for clients written against it.
 * An unknown mode (the control interface does not check this option's values) answers like "400".
 */
export function notFoundAnswer(mode: string, action: "DeleteImage" | "ModifyImageAttribute"): EmuError | undefined {
    if (mode === "success") return undefined;
    if (mode === "404") return aliError("InvalidImageId.NotFound", "The specified image does not exist.", 404);
    return action === "DeleteImage" ? aliError("Error.DeleteImage", "The image is not exist.") : invalidParam("ImageId", "the image does not exist");
}
