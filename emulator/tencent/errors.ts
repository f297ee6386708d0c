import { EmuError } from "../core/types";

/** Tencent answers every API error with HTTP 200 and Response.Error. */
export const tcError = (code: string, message: string) => new EmuError(code, message, 200);

export const missingParameter = (name: string) =>
    tcError("MissingParameter", `The request is missing a required parameter \`${name}\`.`);

export const invalidParameter = (name: string, why: string) =>
    tcError("InvalidParameter", `The parameter \`${name}\` is invalid: ${why}.`);

export const unknownParameter = (name: string) =>
    tcError("UnknownParameter", `The parameter \`${name}\` is not recognized.`);
