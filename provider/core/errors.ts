import { redactUrls } from "./url";

/**
 * How a failed call may be handled:
 * throttled: rejected before it ran, safe to repeat; transient: may or may not have run (network,
 * 5xx), safe to repeat only for idempotent calls; busy: the resource is in a state that forbids
 * the call now; not-found; auth; conflict: something by that name or source exists already;
 * invalid: the request itself is wrong; other.
 */
export type ErrorKind = "throttled" | "transient" | "busy" | "not-found" | "auth" | "conflict" | "invalid" | "other";

/** One error type for every cloud, so retry, wait and not-found logic is written once. */
export class CloudError extends Error {
    readonly cloud: string;
    readonly action: string;
    readonly code: string;
    readonly requestId: string;
    readonly kind: ErrorKind;
    readonly httpStatus?: number;

    constructor(o: { cloud: string; action: string; code: string; message: string; requestId?: string; kind: ErrorKind; httpStatus?: number }) {
        const rid = o.requestId ? ` (request id ${o.requestId})` : "";
        super(`${o.cloud} ${o.action} failed: [${o.code}] ${redactUrls(o.message)}${rid}`);
        this.name = "CloudError";
        this.cloud = o.cloud;
        this.action = o.action;
        this.code = o.code;
        this.requestId = o.requestId ?? "";
        this.kind = o.kind;
        this.httpStatus = o.httpStatus;
    }

    get retryable(): boolean {
        return this.kind === "throttled" || this.kind === "transient" || this.kind === "busy";
    }

    get notFound(): boolean {
        return this.kind === "not-found";
    }
}

/** Bad or missing settings found before any API call (credentials, endpoint, region). */
export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

/**
 * What the dynamic-provider host turns into ErrorResourceInitFailed: the engine then keeps the
 * resource with this id and these properties, and the next `up` calls update to resume.
 */
export class InitError extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
        readonly reasons: string[] = [message],
    ) {
        super(message);
        this.name = "InitError";
    }
}

export function describeError(e: unknown): string {
    return redactUrls(e instanceof Error ? e.message : String(e));
}
