import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { CAPTURE_CREDENTIALS } from "./fixtures/capture-credentials";
import { canonicalRequest, jdSignature, parseAuthorization, parseJdDate, stringToSign, credentialScope } from "../../emulator/jdcloud-vm/signature";
import { sendRaw, type RawResponse } from "../support/raw-http";

/**
 * The jdcloud-sdk-js requests captured by a recording server (fixtures, C11–C17), replayed byte for byte over a raw socket: the Host header
 * still names the capture server's port 42635, so these pass only if the verifier signs the Host
 * header as sent.
 */
const fixture: {
    credentials: { accessKeyId: string; secretAccessKey: string };
    captures: { id: string; title: string; rawRequest: string; canonicalRequest: string; stringToSign: string; sdkOutcome: Record<string, any> }[];
} = require("./fixtures/jdcloud-captures.json");

const capture = (id: string) => fixture.captures.find((c) => c.id === id)!;
const IMPORT_MS = 100_000;

/** Splits a raw capture into what the signature covers. */
function parseRaw(raw: string) {
    const sep = raw.indexOf("\r\n\r\n");
    const [requestLine, ...lines] = raw.slice(0, sep).split("\r\n");
    const [method, target] = requestLine.split(" ");
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
    const q = target.indexOf("?");
    return {
        method,
        rawPath: q < 0 ? target : target.slice(0, q),
        rawQuery: q < 0 ? "" : target.slice(q + 1),
        headers,
        body: raw.slice(sep + 4),
    };
}

/** The capture with one byte changed: the character at `offset` within the first occurrence of `anchor`. */
function oneByteChanged(raw: string, anchor: string, offset: number): Buffer {
    const at = raw.indexOf(anchor);
    if (at < 0) throw new Error(`anchor ${anchor} not in capture`);
    const bytes = Buffer.from(raw, "utf8");
    const i = Buffer.byteLength(raw.slice(0, at + offset));
    const original = bytes[i];
    // A neighbour of the same class keeps the request well-formed (hex stays hex, digits stay digits).
    bytes[i] = original === 0x30 ? 0x31 : original === 0x61 ? 0x62 : original - 1;
    return bytes;
}

let emu: Emulator;
let control: EmulatorControl;
const capturedAt = parseJdDate("20261122T215926Z")!;

beforeAll(async () => {
    emu = await startEmulator({ importDelayMs: IMPORT_MS, credentials: CAPTURE_CREDENTIALS });
    control = new EmulatorControl(emu.url);
});
afterAll(() => emu.close());
beforeEach(async () => {
    await control.reset();
    await control.setClock(capturedAt);
});

test("the fixtures hold C11–C17 with the test credentials of the emulator", () => {
    expect(fixture.captures.map((c) => c.id)).toEqual(["C11", "C12", "C13", "C14", "C15", "C16", "C17"]);
    expect(emu.options.credentials.jdcloud[0].id).toBe(fixture.credentials.accessKeyId);
    expect(emu.options.credentials.jdcloud[0].secret).toBe(fixture.credentials.secretAccessKey);
});

test.each(fixture.captures.map((c) => [c.id, c] as const))("%s: the verifier recomputes the captured canonical request, string to sign and signature", (_id, c) => {
    const req = parseRaw(c.rawRequest);
    const auth = parseAuthorization(req.headers.authorization)!;
    const canonical = canonicalRequest(req, auth.signedHeaders);
    expect(canonical).toBe(c.canonicalRequest);
    const datetime = req.headers["x-jdcloud-date"];
    expect(stringToSign(datetime, credentialScope(auth.date, auth.region, auth.service), canonical)).toBe(c.stringToSign);
    expect(jdSignature(req, auth.signedHeaders, fixture.credentials.secretAccessKey, datetime, "cn-north-1")).toBe(auth.signature);
});

test("C11–C17 replayed byte for byte at their x-jdcloud-date are accepted and answered in JD's envelope", async () => {
    const replay = (id: string) => sendRaw(emu.port, Buffer.from(capture(id).rawRequest, "utf8"));
    const outcomes: Record<string, RawResponse> = {};

    outcomes.C11 = await replay("C11");
    expect(outcomes.C11.status).toBe(200);
    expect(Object.keys(outcomes.C11.json.result).sort()).toEqual(["imageId", "taskId"]);
    expect(outcomes.C11.json.result.imageId).toMatch(/^img-[0-9a-z]{10}$/);
    // Task ids count from 7094, the number in JD's example and in the capture.
    expect(outcomes.C11.json.result.taskId).toBe(capture("C11").sdkOutcome.resolved.result.taskId);
    // The same request again carries the same clientToken ("tok-1"): same answer, no second image.
    expect((await replay("C11")).json.result).toEqual(outcomes.C11.json.result);

    // Halfway through the import, as in the capture's answer (running, 50 %).
    await control.setClock(capturedAt + IMPORT_MS / 2 + 500);
    outcomes.C12 = await replay("C12");
    expect(outcomes.C12.status).toBe(200);
    expect(outcomes.C12.json.result).toEqual({
        taskSet: [expect.objectContaining({ ...capture("C12").sdkOutcome.resolved.result.taskSet[0], imageId: outcomes.C11.json.result.imageId })],
        totalCount: 1,
    });

    // The captured id img-jd000001 was the capture server's; the emulator does not know it.
    outcomes.C13 = await replay("C13");
    expect(outcomes.C13.status).toBe(404);
    expect(outcomes.C13.json.error).toEqual({ code: 404, status: "NOT_FOUND", message: "Image 'img-jd000001' not found" });

    outcomes.C14 = await replay("C14");
    expect(outcomes.C14.status).toBe(200);
    expect(outcomes.C14.json.result).toEqual(capture("C14").sdkOutcome.resolved.result);

    outcomes.C15 = await replay("C15");
    expect(outcomes.C15.status).toBe(404);

    outcomes.C16 = await replay("C16");
    expect(outcomes.C16.status).toBe(404);
    expect(outcomes.C16.json.error).toEqual(capture("C16").sdkOutcome.rejected.error);

    // C17's 502 came from the capture server; the emulator answers the request itself.
    outcomes.C17 = await replay("C17");
    expect(outcomes.C17.status).toBe(404);

    for (const [id, r] of Object.entries(outcomes)) {
        expect([id, r.status]).not.toEqual([id, 401]);
        expect(r.json.requestId).toMatch(/^[0-9a-z]{32}$/);
        expect(r.headers["x-jdcloud-request-id"]).toBe(r.json.requestId);
    }
    const log = await control.requests({ cloud: "jdcloud-vm" });
    expect(log.map((e) => e.action)).toEqual([
        "importImage", "importImage", "imageTasks", "describeImage", "describeImages", "modifyImageAttribute", "deleteImage", "describeImage",
    ]);
});

/** Single-byte changes to what the signature covers, per capture. */
const SIGNED_BYTES: [string, string, number][] = [
    ["signature", "Signature=", 10],
    ["nonce", "x-jdcloud-nonce: ", 17],
    ["date", "x-jdcloud-date: 20261122T2159", 29],
    ["host port", "host: 127.0.0.1:42635", 20],
    ["accept", "accept: application/json", 23],
    ["path region", "/regions/cn-north-1", 18],
];
const EXTRA_SIGNED_BYTES: Record<string, [string, string, number][]> = {
    C11: [["body", '"clientToken":"tok-1"', 19], ["action suffix", "%3Aimport", 3]],
    C12: [["query", "taskIds.2=7095", 13]],
    C13: [["image id", "img-jd000001 ", 11]],
    C14: [["query", "pageSize=100", 9]],
    C15: [["body", '"name":"renamed"', 9]],
    C16: [["query", "deleteSnapshot=true", 16]],
    C17: [["image id", "img-x ", 4]],
};

test.each(fixture.captures.map((c) => [c.id, c] as const))("%s: changing any one signed byte is rejected with the gateway's 401 ACCESS_ERROR", async (id, c) => {
    for (const [what, anchor, offset] of [...SIGNED_BYTES, ...EXTRA_SIGNED_BYTES[id]]) {
        const bytes = oneByteChanged(c.rawRequest, anchor, offset);
        expect(bytes.length).toBe(Buffer.byteLength(c.rawRequest));
        const r = await sendRaw(emu.port, bytes);
        expect([what, r.status, r.json?.error?.status]).toEqual([what, 401, "ACCESS_ERROR"]);
        expect(r.json.error.code).toBe(401);
    }
    expect((await control.state()).clouds["jdcloud-vm"].images).toEqual([]);
});

test("an unsigned header (User-Agent) may change, and the capture is still accepted", async () => {
    const r = await sendRaw(emu.port, oneByteChanged(capture("C14").rawRequest, "JdcloudSdkNode/1.0.0", 15));
    expect(r.status).toBe(200);
});

test("the captures are rejected as stale 15 minutes and a second after their x-jdcloud-date", async () => {
    await control.setClock(capturedAt + 15 * 60_000 + 1000);
    const r = await sendRaw(emu.port, Buffer.from(capture("C14").rawRequest, "utf8"));
    expect([r.status, r.json.error.status]).toEqual([401, "ACCESS_ERROR"]);
});
