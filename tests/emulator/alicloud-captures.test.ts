/**
 * Replays the pop-core requests captured by a recording server (fixtures, C18–C24) byte for byte over a raw
 * socket, with the emulator clock set to their Timestamp. Each capture reuses its SignatureNonce, so
 * every test starts from a reset emulator and replays a capture once.
 */
import * as fs from "fs";
import * as path from "path";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { requestParams } from "../../emulator/alicloud-ens/protocol";
import { stringToSign } from "../../emulator/alicloud-ens/signature";
import { sendRaw } from "../support/raw-http";
import { CAPTURE_CREDENTIALS } from "./fixtures/capture-credentials";

interface Capture {
    id: string;
    title: string;
    timestamp: string;
    request: string;
    stringToSign: string;
}

const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/alicloud-captures.json"), "utf8")) as { captures: Capture[] };
const capture = (id: string) => fixtures.captures.find((c) => c.id === id)!;

/** The capture with one byte replaced (the first byte of `needle`'s occurrence, plus `offset`). */
function withByteChanged(raw: string, needle: string, offset = 0): Buffer {
    const bytes = Buffer.from(raw, "latin1");
    const at = bytes.indexOf(needle) + offset;
    expect(at).toBeGreaterThanOrEqual(offset);
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41; // 'A' ↔ 'B', or anything → 'A'
    return bytes;
}

/** The captured request as the emulator's parser sees it: method, raw query, raw body. */
function asEmuRequest(raw: string) {
    const [head, body] = raw.split("\r\n\r\n");
    const [method, target] = head.split(" ");
    const q = target.indexOf("?");
    const headers: Record<string, string> = {};
    for (const l of head.split("\r\n").slice(1)) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
    return { method, rawUrl: target, rawPath: q < 0 ? target : target.slice(0, q), rawQuery: q < 0 ? "" : target.slice(q + 1), headers, body: Buffer.from(body, "latin1") };
}

let emu: Emulator;
let control: EmulatorControl;

beforeAll(async () => {
    emu = await startEmulator({ importDelayMs: 1000, credentials: CAPTURE_CREDENTIALS });
    control = new EmulatorControl(emu.url);
});
afterAll(() => emu.close());

async function fresh(c: Capture): Promise<void> {
    await control.reset();
    await control.setClock(Date.parse(c.timestamp));
}

const replay = (c: Capture) => sendRaw(emu.port, Buffer.from(c.request, "latin1"));

const AUTH_CODES = ["SignatureDoesNotMatch", "InvalidTimeStamp.Expired", "InvalidTimeStamp.Format", "SignatureNonceUsed", "InvalidAccessKeyId.NotFound", "IncompleteSignature", "MissingParameter"];

describe("captured pop-core requests", () => {
    test("the fixtures are the verbatim wire bytes (Content-Length matches the body)", () => {
        expect(fixtures.captures.map((c) => c.id)).toEqual(["C18", "C19", "C20", "C21", "C22", "C23", "C24"]);
        for (const c of fixtures.captures) {
            const [head, body] = c.request.split("\r\n\r\n");
            const cl = /Content-Length: (\d+)/.exec(head);
            if (cl) expect(Buffer.byteLength(body)).toBe(Number(cl[1]));
            else expect(body).toBe("");
        }
    });

    test.each(fixtures.captures.map((c) => [c.id, c] as const))("%s: the emulator computes the captured string to sign", (_id, c) => {
        const req = asEmuRequest(c.request);
        expect(stringToSign(req.method, requestParams(req))).toBe(c.stringToSign);
    });

    test.each(fixtures.captures.map((c) => [c.id, c] as const))("%s: accepted by signature verification at its Timestamp", async (_id, c) => {
        await fresh(c);
        const r = await replay(c);
        expect(AUTH_CODES).not.toContain(r.json.Code);
        expect(r.headers["content-type"]).toBe("application/json;charset=utf-8");
        expect(r.json.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
        // Every error carries a non-empty string Code (C23) and success never a string "0" (C24).
        if (r.status >= 400) expect(typeof r.json.Code === "string" && r.json.Code.length > 0).toBe(true);
        else expect(r.json.Code === undefined || r.json.Code === 0).toBe(true);
    });

    test.each(fixtures.captures.map((c) => [c.id, c] as const))("%s: rejected with SignatureDoesNotMatch once one signed byte changes", async (_id, c) => {
        await fresh(c);
        const signedPart = c.request.split("\r\n\r\n")[1] || c.request.split(" ")[1];
        expect(signedPart).toContain("Format=JSON");
        for (const bytes of [
            withByteChanged(c.request, "Format=JSON", "Format=JSO".length), // a signed value
            withByteChanged(c.request, "SignatureNonce=", "SignatureNonce=".length), // the nonce
            withByteChanged(c.request, "&Signature=", "&Signature=".length), // the signature itself
        ]) {
            const r = await replay({ ...c, request: bytes.toString("latin1") });
            expect([r.status, r.json.Code]).toEqual([400, "SignatureDoesNotMatch"]);
        }
        // A forged request does not use up the nonce: the genuine one is still accepted.
        expect((await replay(c)).json.Code).not.toBe("SignatureDoesNotMatch");
    });

    test.each(fixtures.captures.map((c) => [c.id, c] as const))("%s: a second replay is SignatureNonceUsed", async (_id, c) => {
        await fresh(c);
        await replay(c);
        const again = await replay(c);
        expect([again.status, again.json.Code]).toEqual([400, "SignatureNonceUsed"]);
    });

    test("outside ±15 minutes of its Timestamp a capture is InvalidTimeStamp.Expired", async () => {
        const c = capture("C19");
        await control.reset();
        await control.setClock(Date.parse(c.timestamp) + 15 * 60 * 1000 + 1000);
        const r = await replay(c);
        expect([r.status, r.json.Code]).toEqual([400, "InvalidTimeStamp.Expired"]);
        await control.setClock(Date.parse(c.timestamp) - 15 * 60 * 1000 + 1000);
        expect((await replay(c)).status).toBe(200);
    });
});

describe("what the emulator answers to each capture", () => {
    test("C18 ImportImage POST → an m- image id, no Code", async () => {
        const c = capture("C18");
        await fresh(c);
        const r = await replay(c);
        expect(r.status).toBe(200);
        expect(Object.keys(r.json)).toEqual(["RequestId", "ImageId"]);
        expect(r.json.ImageId).toMatch(/^m-[0-9a-z]{25}$/);
        const state = await control.state();
        expect(state.clouds["alicloud-ens"].images[0]).toMatchObject({ name: "my-image", disks: [{ bucket: "b", object: "a b/c.qcow2", region: "cn-beijing" }], status: "Creating" });
    });

    test("C19 DescribeSelfImages GET → Code 0 and string-typed numbers", async () => {
        const c = capture("C19");
        await fresh(c);
        const r = await replay(c);
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ RequestId: r.json.RequestId, Code: 0, PageNumber: "1", PageSize: "10", TotalCount: "0", Images: { Image: [] } });
    });

    test("C20 DescribeImages GET with flattened array params → Code 0, integer numbers, unknown params ignored", async () => {
        const c = capture("C20");
        await fresh(c);
        const r = await replay(c);
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ RequestId: r.json.RequestId, Code: 0, PageNumber: 1, PageSize: 10, TotalCount: 0, Images: { Image: [] } });
    });

    test("C21 DeleteImage of a missing image → with ensNotFound 404, HTTP 404 with the captured envelope", async () => {
        const c = capture("C21");
        await fresh(c);
        await control.setOptions({ ensNotFound: "404" });
        try {
            const r = await replay(c);
            expect(r.status).toBe(404);
            expect(r.json).toEqual({
                RequestId: r.json.RequestId,
                HostId: "ens.aliyuncs.com",
                Code: "InvalidImageId.NotFound",
                Message: "The specified image does not exist.",
                Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidImageId.NotFound",
            });
        } finally {
            await control.setOptions({ ensNotFound: "400" });
        }
    });

    test("C22 ModifyImageAttribute → InvalidParameter for the 1-character name; Throttling.User (HTTP 400) when over the limit", async () => {
        const c = capture("C22");
        await fresh(c);
        const r = await replay(c);
        expect([r.status, r.json.Code]).toEqual([400, "InvalidParameter.ImageName"]);

        await fresh(c);
        await control.setOptions({ rateLimitOverrides: { "alicloud-ens:ModifyImageAttribute": 0 } });
        try {
            const t = await replay(c);
            expect(t.status).toBe(400);
            expect(t.json).toMatchObject({ HostId: "ens.aliyuncs.com", Code: "Throttling.User", Message: "Request was denied due to user flow control." });
        } finally {
            await control.setOptions({ rateLimitOverrides: {} });
        }
    });

    test.each([["C23"], ["C24"]])("%s DeleteImage GET → a Code-bearing 400 (the default not-found answer), never a Code-less or string-\"0\" body", async (id) => {
        const c = capture(id);
        await fresh(c);
        const r = await replay(c);
        expect([r.status, r.json.Code]).toEqual([400, "Error.DeleteImage"]);
    });
});
