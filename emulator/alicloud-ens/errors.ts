import { EmuError } from "../core/types";

/**
 * Alibaba signals errors by HTTP status plus a string Code in the body; pop-core decides by the Code
 * alone, so every error here carries one.
 */
export const aliError = (code: string, message: string, httpStatus = 400) => new EmuError(code, message, httpStatus);

// Gateway (common-parameter) errors, with Alibaba's own wording.

/** A missing common parameter (Timestamp, AccessKeyId, ...). */
export const missingCommon = (name: string) =>
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

// Action parameter errors: the gateway names the missing parameter in the code.

export const missingParam = (name: string) => aliError(`Missing${name}`, `${name} is mandatory for this action.`);
export const invalidParam = (name: string, why: string) => aliError("InvalidParameter", `The specified parameter "${name}" is not valid: ${why}.`);

// ENS image errors: not published by Alibaba, so these codes are the emulator's documented choice [INF].

export const imageNotFound = () => aliError("InvalidImageId.NotFound", "The specified image does not exist.", 404);
export const incorrectImageStatus = (status: string) =>
    aliError("IncorrectImageStatus", `The current status of the image (${status}) does not support this operation.`, 403);
export const quotaExceeded = (quota: number) => aliError("QuotaExceed.Image", `The number of custom images exceeds the quota of ${quota}.`);
