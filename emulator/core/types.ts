import type { IncomingHttpHeaders } from "http";
import type { Clock } from "./clock";
import type { EmulatorOptions } from "./options";
import type { Store } from "./store";

/** A request as the frame hands it to a cloud: raw pieces kept, because signatures are computed over them. */
export interface EmuRequest {
    method: string;
    /** The raw request target, still percent-encoded (JD signs the escaped path). */
    rawUrl: string;
    /** Path without the query, still percent-encoded. */
    rawPath: string;
    /** Query string without the leading `?`. */
    rawQuery: string;
    headers: IncomingHttpHeaders;
    body: Buffer;
}

export interface EmuResponse {
    status: number;
    headers?: Record<string, string>;
    body: string;
    /** The error code as the body states it (clouds may rename it), for the request log. */
    errorCode?: string;
}

/** An API error in cloud-neutral form; each cloud renders it in its own envelope. */
export class EmuError extends Error {
    /** What the protocol layer had parsed before failing, so the error is rendered with its request id. */
    meta?: Partial<ParsedCall>;

    constructor(
        public readonly code: string,
        message: string,
        /** HTTP status for clouds that signal errors by status (JD, Alibaba); Tencent always answers 200. */
        public readonly httpStatus = 400,
    ) {
        super(message);
    }
}

/** What a cloud's protocol layer extracts from an authenticated request. */
export interface ParsedCall {
    action: string;
    /** The caller's account (derived from the access key), so state and rate limits are per account. */
    account: string;
    region: string;
    params: Record<string, unknown>;
    /** Anything the renderer needs to answer in this cloud's envelope (request id, trace id, ...). */
    meta: Record<string, string>;
}

export interface CloudContext {
    clock: Clock;
    options: EmulatorOptions;
    store: Store;
    /** Another cloud's module, for linked clouds (ECM imports a CVM image). */
    cloud<T extends CloudModule>(name: string): T;
}

/**
 * One cloud. `protocol` concerns (matching, signature, envelope) stay apart from `actions`,
 * which only see parsed params and the store; adding an action is one entry in the action table.
 */
export interface CloudModule {
    readonly name: string;
    /** Whether this request speaks this cloud's protocol (decided from the request alone). */
    matches(req: EmuRequest): boolean;
    /** Parse and authenticate; throws EmuError (rendered by `renderError` with the partial meta). */
    parse(req: EmuRequest, ctx: CloudContext): ParsedCall;
    /** Documented requests per second for an action (per account), or undefined for no limit. */
    rateLimit(action: string, ctx: CloudContext): number | undefined;
    throttleError(action: string, count: number, limit: number): EmuError;
    dispatch(call: ParsedCall, ctx: CloudContext): unknown;
    renderResult(call: ParsedCall, result: unknown): EmuResponse;
    renderError(meta: Partial<ParsedCall>, err: EmuError): EmuResponse;
    /** Plain-data view of this cloud's state for GET /__emu/state. */
    snapshot?(ctx: CloudContext): unknown;
    /**
     * Puts `count` unrelated images, ready for an hour, in the first account (and the emulator's default
     * region): an account's worth of other images, for what a client's listings cost with them there.
     */
    seed?(ctx: CloudContext, count: number): void;
}

export type ProtocolFailure = { meta: Partial<ParsedCall>; error: EmuError };
