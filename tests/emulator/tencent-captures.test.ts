import { createHash } from "crypto";
import { CAPTURE_CREDENTIALS } from "./fixtures/capture-credentials";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { TENCENT_CAPTURES, type TencentCapture } from "./fixtures/tencent-captures";
import { headerOf, sendRawRequest, tamperBody, withHeader, type RawRequest } from "./tencent-helpers";

/**
 * The Tencent SDK requests captured by a recording server (fixtures, C1–C10), replayed byte for byte with the emulator's
 * clock at the capture's X-TC-Timestamp: the signatures the real SDK computed must verify, and must stop
 * verifying once a signed byte changes.
 */

let emu: Emulator;
let ctl: EmulatorControl;

const raw = (c: TencentCapture): RawRequest => ({ method: c.method, headers: c.headers, body: Buffer.from(c.body, "utf8") });
const timestampOf = (c: TencentCapture) => Number(headerOf(raw(c), "X-TC-Timestamp"));
/**
 * What each capture gets from an emulator that holds no images: the ids in the captures were made up
 * by the capturing server, so look-ups of them find nothing.
 */
const OUTCOME: Record<string, string> = {
    C1: "ImageId",
    C2: "TotalCount=0",
    C3: "InvalidImageId.Malformed",
    C4: "ImportImageOsListSupported",
    C5: "TotalCount=0",
    C6: "InvalidImageId.NotFound",
    C7: "InvalidParameterValue.InvalidImageID",
    C8: "TotalCount=0",
    C9: "ResourceNotFound",
    C10: "ResourceNotFound",
};

function outcomeOf(response: Record<string, any>): string {
    if (response.Error) return response.Error.Code;
    if ("TotalCount" in response) return `TotalCount=${response.TotalCount}`;
    return Object.keys(response).find((k) => k !== "RequestId") ?? "RequestId";
}

const cases = TENCENT_CAPTURES.map((c) => [`${c.id} ${c.title}`, c] as const);

beforeAll(async () => {
    emu = await startEmulator({ credentials: CAPTURE_CREDENTIALS });
    ctl = new EmulatorControl(emu.url);
});
afterAll(() => emu.close());
beforeEach(async () => {
    await ctl.reset();
    // Every capture was signed at the same second; the verifier must believe it is that moment.
    await ctl.setClock(timestampOf(TENCENT_CAPTURES[0]) * 1000);
});

/** The signed host with its last character changed: the port stays, so only the signature can object. */
function otherHost(host: string): string {
    const [name, port] = host.split(":");
    const last = name[name.length - 1];
    return `${name.slice(0, -1)}${last === "1" ? "2" : "x"}${port ? `:${port}` : ""}`;
}

test("the fixtures are the reference's captures, intact", () => {
    expect(TENCENT_CAPTURES.map((c) => c.id)).toEqual(["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10"]);
    for (const c of TENCENT_CAPTURES) {
        expect(createHash("sha256").update(c.body).digest("hex")).toBe(c.bodySha256);
        expect(Number(headerOf(raw(c), "Content-Length"))).toBe(Buffer.byteLength(c.body));
        expect(timestampOf(c)).toBe(1795384766);
    }
});

test.each(cases)("%s verifies, reaches its product and is served", async (_name, c) => {
    const r = await sendRawRequest(emu.port, raw(c));
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-tc-traceid"]).toBe(headerOf(raw(c), "X-TC-TraceId"));
    expect(outcomeOf(r.json.Response)).toBe(OUTCOME[c.id]);
    const [entry] = await ctl.requests();
    const version = headerOf(raw(c), "X-TC-Version");
    expect(entry).toMatchObject({ cloud: version === "2019-07-19" ? "tencent-ecm" : "tencent-cvm", action: headerOf(raw(c), "X-TC-Action") });
});

test.each(cases)("%s with one body byte changed is AuthFailure.SignatureFailure", async (_name, c) => {
    const r = await sendRawRequest(emu.port, tamperBody(raw(c)));
    expect(r.status).toBe(200);
    expect(r.json.Response.Error.Code).toBe("AuthFailure.SignatureFailure");
});

test.each(cases)("%s with another signed Host is AuthFailure.SignatureFailure", async (_name, c) => {
    const req = raw(c);
    const r = await sendRawRequest(emu.port, withHeader(req, "Host", otherHost(headerOf(req, "Host")!)));
    expect(r.json.Response.Error.Code).toBe("AuthFailure.SignatureFailure");
});

test("the Node SDK leaves the port unsigned: C1 with the emulator's own port in Host still verifies", async () => {
    const req = raw(TENCENT_CAPTURES[0]);
    const r = await sendRawRequest(emu.port, withHeader(req, "Host", `127.0.0.1:${emu.port}`));
    expect(r.json.Response).toEqual({ ImageId: expect.stringMatching(/^img-[0-9a-z]{8}$/), RequestId: expect.any(String) });
});

test("C7 ten minutes after its timestamp is AuthFailure.SignatureExpire", async () => {
    await ctl.advanceClock(10 * 60_000);
    const r = await sendRawRequest(emu.port, raw(TENCENT_CAPTURES[6]));
    expect(r.json.Response.Error.Code).toBe("AuthFailure.SignatureExpire");
});

test("replays act on the emulator's state: C1 twice is InvalidImageName.Duplicate", async () => {
    await sendRawRequest(emu.port, raw(TENCENT_CAPTURES[0]));
    const again = await sendRawRequest(emu.port, raw(TENCENT_CAPTURES[0]));
    expect(again.json.Response.Error.Code).toBe("InvalidImageName.Duplicate");
});
