import * as http from "http";
import * as https from "https";
import type { PopConfig } from "./connection";

export type RpcBody = Record<string, unknown>;

/** pop-core's RPCClient built verbose: it resolves with the body and the HTTP exchange. */
interface PopClient {
    request(action: string, params: Record<string, unknown>, opts: object): Promise<[RpcBody, { response?: { statusCode?: number } }]>;
}

/** An answer with an error status and no `Code`, which pop-core would resolve as a success. */
export class CodelessError extends Error {
    constructor(
        readonly status: number,
        readonly body: RpcBody,
    ) {
        super(typeof body.Message === "string" && body.Message ? body.Message : `HTTP ${status} without an error code`);
        this.name = "CodelessError";
    }
}

/**
 * Every call to an Alibaba Cloud RPC product, with pop-core's surprises taken out: a parameter left unset
 * is not sent (pop-core would send the text "undefined" or "null"), names are sent as written (no
 * first-letter upper-casing behind our back), every call is a POST (the API's own metadata says so, and
 * keys and tokens then stay out of URLs, which pop-core puts in its error messages), and an error status
 * without a `Code` is an error rather than a success.
 */
export class RpcCaller {
    constructor(
        private readonly client: PopClient,
        /** Connections that are never reused. */
        private readonly unpooled: http.Agent,
    ) {}

    /**
     * `fresh`: on a connection of its own. A pooled connection the server has just closed fails before the
     * request is sent, which for a call that must not be repeated blindly (an import) looks like a lost answer.
     */
    async request(action: string, params: Record<string, unknown>, o: { fresh?: boolean } = {}): Promise<RpcBody> {
        const sent = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
        const [body, entry] = await this.client.request(action, sent, { method: "POST", formatParams: false, ...(o.fresh ? { agent: this.unpooled } : {}) });
        const status = entry.response?.statusCode ?? 200;
        if (status >= 300) throw new CodelessError(status, body);
        return body;
    }
}

const unpooled = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

export function rpcCaller(config: PopConfig): RpcCaller {
    // Required here, not at the top: only stacks with an Alibaba Cloud resource load the SDK.
    const RPCClient = require("@alicloud/pop-core") as new (config: PopConfig, verbose: boolean) => PopClient;
    return new RpcCaller(new RPCClient(config, true), config.endpoint.startsWith("http:") ? unpooled.http : unpooled.https);
}
