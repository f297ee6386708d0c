import { createHash, createHmac } from "crypto";
import * as http from "http";
import * as net from "net";
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import * as tencentcloud from "tencentcloud-sdk-nodejs-cvm";
import { TEST_CREDENTIALS, type Emulator, type EmulatorControl } from "../../emulator";
import type { CloudContext } from "../../emulator/core/types";
import { CvmModel, type CvmImage } from "../../emulator/tencent-cvm";
import { sendRaw, type RawResponse } from "../support/raw-http";

// The Tencent SDK wraps every request in a proxy agent when http_proxy is set.
delete process.env.http_proxy;
delete process.env.HTTP_PROXY;

export const TC = TEST_CREDENTIALS.tencent[0];
export const REGION = "ap-guangzhou";
export const COS_URL = "https://bucket-1250000000.cos.ap-guangzhou.myqcloud.com/images/";

export type CvmClient = InstanceType<typeof tencentcloud.cvm.v20170312.Client>;

export interface ClientOpts {
    secretId?: string;
    secretKey?: string;
    region?: string;
    /** The SDK's reqMethod: GET puts the parameters, flattened, into the signed query string. */
    method?: "GET" | "POST";
}

const credential = (o: ClientOpts) => ({ secretId: o.secretId ?? TC.id, secretKey: o.secretKey ?? TC.secret });
const profile = (port: number, o: ClientOpts = {}) => ({ httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqMethod: o.method ?? "POST" } });

/** The official CVM client pointed at the literal loopback address. */
export function cvmClient(port: number, o: ClientOpts = {}): CvmClient {
    return new tencentcloud.cvm.v20170312.Client({ credential: credential(o), region: o.region ?? REGION, profile: profile(port, o) });
}

/** ECM has no npm package: the common client is how Node callers reach it. */
export function ecmClient(port: number, o: ClientOpts = {}): CommonClient {
    return new CommonClient("ecm.tencentcloudapi.com", "2019-07-19", { credential: credential(o), region: o.region, profile: profile(port, o) });
}

export function commonClient(port: number, version: string, o: ClientOpts = {}): CommonClient {
    return new CommonClient("cvm.tencentcloudapi.com", version, { credential: credential(o), region: o.region, profile: profile(port, o) });
}

/** The SDK's rejection, asserted to carry `code`; a resolved call fails the test. */
export async function tcError(p: Promise<unknown>, code: string): Promise<{ code: string; message: string; requestId: string; traceId: string }> {
    let err: any;
    try {
        await p;
    } catch (e) {
        err = e;
    }
    if (!err) throw new Error(`expected the call to fail with ${code}, but it succeeded`);
    expect({ code: err.code, message: err.message }).toEqual({ code, message: expect.any(String) });
    expect(err.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    return err;
}

export function importParams(name: string, over: Record<string, unknown> = {}) {
    return { Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: `${COS_URL}${name}.qcow2`, ImageName: name, ...over };
}

/** A CVM image that has finished importing (the emulator's clock is moved past the import delay). */
export async function normalCvmImage(emu: Emulator, cvm: CvmClient, name: string, over: Record<string, unknown> = {}): Promise<string> {
    const { ImageId } = await cvm.ImportImage(importParams(name, over));
    emu.clock.advance(emu.options.importDelayMs + 1);
    return ImageId!;
}

/**
 * A ready CVM image put straight into the emulator's state, imported an hour ago: a source for ECM that
 * neither moves the emulator's clock nor waits, and that no listing or look-up lag hides.
 */
export function seedCvmImage(emu: Emulator, name: string, region = REGION): CvmImage {
    const ctx: CloudContext = { clock: emu.clock, options: emu.options, store: emu.store, cloud: () => { throw new Error("no linked cloud"); } };
    const past = emu.clock.importNow() - 3600_000;
    const img = new CvmModel(ctx).create({
        account: TC.account,
        region,
        name,
        description: "",
        osType: "CentOS",
        osVersion: "7",
        architecture: "x86_64",
        imageUrl: `${COS_URL}${name}.qcow2`,
        dataDiskUrls: [],
        licenseType: "TencentCloud",
        bootMode: "Legacy BIOS",
        family: "",
        deprecated: false,
        tags: [],
        plan: { startedAt: past, readyAt: past, fails: false },
    });
    img.createdAt = emu.clock.now() - 3600_000;
    return img;
}

/** The state each CVM and ECM test starts from: no images, and the options a test may have changed back to strict. */
export async function resetEmulator(ctl: EmulatorControl): Promise<void> {
    await ctl.reset();
    await ctl.setOptions({ imageQuota: 500, rateLimits: true, signatures: "strict", failureMarker: "fail", listingLagMs: 0, lookupLagMs: 0, ecmSourceImage: "empty" });
}

/** Waits until the emulator clock is early in a second, so a burst lands in one rate-limit window. */
export async function startOfSecond(emu: Emulator): Promise<void> {
    const into = emu.clock.now() % 1000;
    if (into > 300) await new Promise((r) => setTimeout(r, 1000 - into + 5));
}

export interface RawRequest {
    method: string;
    /** The request target; "/" when absent. */
    path?: string;
    /** Header lines in arrival order and case, exactly as sent. */
    headers: [string, string][];
    body: Buffer;
}

/** Records what the SDK puts on the wire by answering its first request from a throwaway server. */
export async function captureSdkRequest(send: (port: number) => Promise<unknown>): Promise<RawRequest> {
    let captured: RawRequest | undefined;
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const headers: [string, string][] = [];
            for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
            captured = { method: req.method!, path: req.url, headers, body: Buffer.concat(chunks) };
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(JSON.stringify({ Response: { RequestId: "00000000-0000-4000-8000-000000000000" } }));
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
        await send((server.address() as net.AddressInfo).port);
    } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
    }
    if (!captured) throw new Error("the SDK sent nothing");
    return captured;
}

/** Sends a request byte for byte over a plain socket: header order, case and Host exactly as given. */
export function sendRawRequest(port: number, req: RawRequest): Promise<RawResponse> {
    const head = `${req.method} ${req.path ?? "/"} HTTP/1.1\r\n` + req.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";
    return sendRaw(port, Buffer.concat([Buffer.from(head, "latin1"), req.body]));
}

/** The same request with one byte of the body changed (same length, so only the signature can notice). */
export function tamperBody(req: RawRequest): RawRequest {
    const body = Buffer.from(req.body);
    const colon = body.indexOf(":");
    const i = colon < 0 ? body.length - 1 : Math.min(colon + 3, body.length - 1);
    body[i] = body[i] === 0x58 ? 0x59 : 0x58;
    return { ...req, body };
}

export function withHeader(req: RawRequest, name: string, value: string): RawRequest {
    return { ...req, headers: req.headers.map(([k, v]) => [k, k.toLowerCase() === name.toLowerCase() ? value : v]) };
}

export function headerOf(req: RawRequest, name: string): string | undefined {
    return req.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/**
 * The request re-signed with TC3-HMAC-SHA256 as the Tencent Cloud API docs (signature v3) spell it, with
 * `signedHost` as the host header value in the canonical request, whatever Host is sent: the Go SDK signs
 * the Host as sent, port included, where the Node SDK leaves the port out. Written out here rather than
 * taken from the emulator, so a test of the emulator's verifier does not use the verifier's own code.
 */
export function resignTc3(req: RawRequest, o: { secretKey: string; signedHost: string }): RawRequest {
    const sha256 = (d: string | Buffer) => createHash("sha256").update(d).digest("hex");
    const hmac = (key: string | Buffer, d: string) => createHmac("sha256", key).update(d).digest();
    const auth = /Credential=([^/]+)\/([^/]+)\/([^/]+)\/tc3_request/.exec(headerOf(req, "Authorization")!)!;
    const [, secretId, date, service] = auth;
    const timestamp = headerOf(req, "X-TC-Timestamp")!;
    // GET signs the query the parameters travel in; POST an empty one.
    const query = req.method === "GET" ? ((req.path ?? "/").split("?")[1] ?? "") : "";
    const canonical = [req.method, "/", query, `content-type:${headerOf(req, "Content-Type")}\nhost:${o.signedHost}\n`, "content-type;host", sha256(req.body)].join("\n");
    const scope = `${date}/${service}/tc3_request`;
    const toSign = ["TC3-HMAC-SHA256", timestamp, scope, sha256(canonical)].join("\n");
    const key = hmac(hmac(hmac(`TC3${o.secretKey}`, date), service), "tc3_request");
    const signature = createHmac("sha256", key).update(toSign).digest("hex");
    return withHeader(req, "Authorization", `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`);
}
