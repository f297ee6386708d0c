import { tcError } from "../tencent/errors";

/** The tag API's own codes (https://www.tencentcloud.com/document/api/651/33024). */
export const resourceDescriptionError = (resource: string) =>
    tcError("InvalidParameterValue.ResourceDescriptionError", `The six-segment resource description \`${resource}\` is invalid.`);
export const reservedTagKey = (key: string) => tcError("InvalidParameterValue.ReservedTagKey", `The tag key \`${key}\` is reserved by the system.`);
export const tagKeyLength = (key: string) => tcError("InvalidParameterValue.TagKeyLengthExceeded", `The tag key \`${key}\` is longer than 127 characters.`);
export const tagValueLength = (key: string) => tcError("InvalidParameterValue.TagValueLengthExceeded", `The value of tag \`${key}\` is longer than 255 characters.`);
export const tagKeyDuplicate = (key: string) => tcError("InvalidParameterValue.TagKeyDuplicate", `The tag key \`${key}\` is in both ReplaceTags and DeleteTags.`);
export const tooManyInCall = (name: string) => tcError("InvalidParameter", `The parameter \`${name}\` holds at most 10 tags, and must not be an empty array.`);
export const attachedTagsQuota = (limit: number) => tcError("LimitExceeded.ResourceAttachedTags", `A resource can have at most ${limit} tags.`);
export const resourceNotFound = (resource: string) => tcError("ResourceNotFound.TagNonExist", `No resource \`${resource}\` was found for this account.`);
