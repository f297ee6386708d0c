import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EmulatorControl, startEmulator, type Emulator } from "../../emulator";
import { cvmClient, ecmClient, importParams, TC } from "./tencent-helpers";

const ROOT = path.resolve(__dirname, "../..");
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "emu-frame-"));

describe("concurrency", () => {
    let emu: Emulator;
    beforeAll(async () => {
        emu = await startEmulator({ importDelayMs: 500 });
    });
    afterAll(() => emu.close());

    test("200 parallel ImportImage calls: 200 images, none lost, ids distinct", async () => {
        const ctl = new EmulatorControl(emu.url);
        await ctl.setOptions({ rateLimits: false });
        const cvm = cvmClient(emu.port);
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => cvm.ImportImage(importParams(`parallel-${i}`))));
        expect(new Set(results.map((r) => r.ImageId)).size).toBe(200);
        const pages = await Promise.all([0, 100].map((Offset) => cvm.DescribeImages({ Offset, Limit: 100 })));
        expect(pages[0].TotalCount).toBe(200);
        const names = pages.flatMap((p) => p.ImageSet!.map((i) => i.ImageName)).sort();
        expect(names).toEqual(Array.from({ length: 200 }, (_, i) => `parallel-${i}`).sort());
        expect((await ctl.requests({ action: "ImportImage" })).filter((e) => e.status === 200 && !e.errorCode)).toHaveLength(200);
    });
});

describe("state file", () => {
    test("is readable by its owner only and keeps no presigned URL's signature; GET /__emu/state neither", async () => {
        const file = path.join(tmpDir(), "state.json");
        const emu = await startEmulator({ stateFile: file });
        try {
            await cvmClient(emu.port).ImportImage(importParams("signed", { ImageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a.qcow2?q-sign-algorithm=sha1&q-signature=SECRETSIG" }));
            const shown = JSON.stringify(await new EmulatorControl(emu.url).state());
            expect(shown).toContain("a.qcow2?<redacted>");
            expect(shown).not.toContain("SECRETSIG");
        } finally {
            await emu.close();
        }
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(fs.readFileSync(file, "utf8")).not.toContain("SECRETSIG");
    });

    test("a restarted emulator keeps its images, and their imports keep going by the clock", async () => {
        const file = path.join(tmpDir(), "state.json");
        const first = await startEmulator({ stateFile: file, importDelayMs: 2000 });
        const { ImageId } = await cvmClient(first.port).ImportImage(importParams("durable"));
        await first.close();
        expect(fs.existsSync(file)).toBe(true);

        const second = await startEmulator({ stateFile: file, importDelayMs: 2000 });
        try {
            const cvm = cvmClient(second.port);
            expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).ImageSet!.map((i) => [i.ImageName, i.ImageState])).toEqual([["durable", "IMPORTING"]]);
            second.clock.advance(2001);
            expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).ImageSet![0].ImageState).toBe("NORMAL");
            // An ECM copy made after the restart is written through too.
            await ecmClient(second.port).request("ImportImage", { ImageId, ImageDescription: "copy", SourceRegion: "ap-guangzhou" });
        } finally {
            await second.close();
        }
        const saved = JSON.parse(fs.readFileSync(file, "utf8"));
        expect(Object.keys(saved["tencent-cvm"].images)).toEqual([ImageId]);
        expect(Object.values(saved["tencent-ecm"].images)).toEqual([expect.objectContaining({ name: "durable" })]);
    });
});

describe("command line", () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
        if (child && child.exitCode === null) child.kill("SIGKILL");
    });

    test("--port 0 --write-env FILE serves, writes the export lines, and stops on SIGTERM", async () => {
        const envFile = path.join(tmpDir(), "emulator.env");
        // ts-node without type checking: the CLI under test is the source, not a possibly stale dist/.
        child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", "--port", "0", "--write-env", envFile, "--import-ms", "700"], {
            cwd: ROOT,
            env: { ...process.env, http_proxy: "", HTTP_PROXY: "" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stderr!.on("data", (d) => (err += d));
        const url = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}${err}`)), 30_000);
            child!.stdout!.on("data", (d) => {
                out += d;
                const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
                if (m) {
                    clearTimeout(timer);
                    resolve(m[1]);
                }
            });
            child!.on("exit", (code) => reject(new Error(`CLI exited with ${code}: ${err}`)));
        });
        const port = Number(new URL(url).port);
        expect(port).toBeGreaterThan(0);

        const lines = fs.readFileSync(envFile, "utf8").split("\n");
        expect(lines).toContain(`export IMAGE_IMPORT_ENDPOINT=http://127.0.0.1:${port}`);
        expect(lines).toContain(`export TENCENTCLOUD_SECRET_ID=${TC.id}`);
        expect(lines).toContain(`export TENCENTCLOUD_SECRET_KEY=${TC.secret}`);
        for (const v of ["JDCLOUD_ACCESS_KEY", "JDCLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"]) {
            expect(lines.some((l) => l.startsWith(`export ${v}=`))).toBe(true);
        }
        expect(out).toContain(`export IMAGE_IMPORT_ENDPOINT=http://127.0.0.1:${port}`);

        expect((await cvmClient(port).DescribeImageQuota()).ImageNumQuota).toBe(500);
        expect(((await (await fetch(`${url}/__emu/options`)).json()) as { importDelayMs: number }).importDelayMs).toBe(700);

        const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
        await expect(fetch(`${url}/__emu/state`)).rejects.toThrow();
        // Gone with the emulator: a script waiting for the file never takes a stopped emulator's.
        expect(fs.existsSync(envFile)).toBe(false);
    });

    const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
            const c = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", ...args], { cwd: ROOT, env: { ...process.env, npm_lifecycle_event: "", ...env } });
            let out = "";
            c.stdout.on("data", (d) => (out += d));
            c.stderr.on("data", (d) => (out += d));
            c.on("exit", (code) => resolve({ code, out }));
        });

    test("--env-format dotenv writes NAME=value lines, as $GITHUB_ENV takes them", async () => {
        const envFile = path.join(tmpDir(), "github.env");
        child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", "--port", "0", "--write-env", envFile, "--env-format", "dotenv"], { cwd: ROOT, stdio: "ignore" });
        while (!fs.existsSync(envFile)) await new Promise((r) => setTimeout(r, 50));
        const lines = fs.readFileSync(envFile, "utf8").trim().split("\n");
        expect(lines).toContain(`TENCENTCLOUD_SECRET_ID=${TC.id}`);
        for (const l of lines) expect(l).toMatch(/^[A-Z_]+=[^'"\s]+$/);
        expect(await runCli(["--env-format", "yaml"])).toMatchObject({ code: 2, out: expect.stringContaining('--env-format must be export or dotenv, got "yaml"') });
    });

    test("--help names the command it was started with", async () => {
        expect((await runCli(["--help"])).out).toMatch(/^Usage: node emulator\/cli\.ts \[options\]/);
        expect((await runCli(["--help"], { npm_lifecycle_event: "emulator" })).out).toMatch(/^Usage: npm run emulator -- \[options\]/);
    });
});

describe("control interface", () => {
    let emu: Emulator;
    let ctl: EmulatorControl;
    beforeAll(async () => {
        emu = await startEmulator({ importDelayMs: 500 });
        ctl = new EmulatorControl(emu.url);
    });
    afterAll(() => emu.close());
    beforeEach(() => ctl.reset());

    const listFaults = async () => ((await (await fetch(`${emu.url}/__emu/faults`)).json()) as { faults: unknown[] }).faults;

    test("reset empties state, faults, the request log and the clock skew", async () => {
        await cvmClient(emu.port).ImportImage(importParams("to-forget"));
        await ctl.injectFault({ cloud: "tencent-cvm", action: "*", times: 5, mode: "error" });
        await ctl.advanceClock(60_000);
        await ctl.reset();
        expect((await ctl.state()).clouds["tencent-cvm"].images).toEqual([]);
        expect(await listFaults()).toEqual([]);
        expect(await ctl.requests()).toEqual([]);
        expect(((await (await fetch(`${emu.url}/__emu/clock`)).json()) as { skewMs: number }).skewMs).toBe(0);
        expect((await cvmClient(emu.port).DescribeImages({})).TotalCount).toBe(0);
    });

    test("faults are listed, consumed one per matching call, and cleared", async () => {
        const added = (await ctl.injectFault([
            { cloud: "tencent-cvm", action: "DescribeImages", times: 2, mode: "error", code: "InternalError" },
            { cloud: "tencent-ecm", action: "*", times: 1, mode: "delay", delayMs: 10 },
        ])) as { faults: { cloud: string; times: number }[] };
        expect(added.faults.map((f) => [f.cloud, f.times])).toEqual([["tencent-cvm", 2], ["tencent-ecm", 1]]);
        const cvm = cvmClient(emu.port);
        await expect(cvm.DescribeImages({})).rejects.toMatchObject({ code: "InternalError" });
        expect(await listFaults()).toEqual([expect.objectContaining({ cloud: "tencent-cvm", times: 1 }), expect.objectContaining({ cloud: "tencent-ecm" })]);
        await cvm.DescribeImageQuota();
        expect(await listFaults()).toHaveLength(2);
        await ctl.clearFaults();
        expect(await listFaults()).toEqual([]);
        await cvm.DescribeImages({});
    });

    test("the request log filters by cloud, action and sequence, and never holds a secret", async () => {
        const cvm = cvmClient(emu.port);
        await cvm.DescribeImages({});
        await ecmClient(emu.port).request("DescribeImage", {});
        await cvm.DescribeImageQuota();
        const all = await ctl.requests();
        expect(all.map((e) => `${e.cloud}:${e.action}`)).toEqual(["tencent-cvm:DescribeImages", "tencent-ecm:DescribeImage", "tencent-cvm:DescribeImageQuota"]);
        expect((await ctl.requests({ cloud: "tencent-ecm" })).map((e) => e.action)).toEqual(["DescribeImage"]);
        expect((await ctl.requests({ action: "DescribeImageQuota" })).map((e) => e.cloud)).toEqual(["tencent-cvm"]);
        expect((await ctl.requests({ since: all[0].seq })).map((e) => e.action)).toEqual(["DescribeImage", "DescribeImageQuota"]);
        expect(all[0]).toMatchObject({ account: TC.account, region: "ap-guangzhou", status: 200 });
        expect(JSON.stringify(all)).not.toContain(TC.secret);
    });

    test("state shows each cloud's images with the state derived from the clock", async () => {
        const { ImageId } = await cvmClient(emu.port).ImportImage(importParams("visible"));
        expect((await ctl.state()).clouds["tencent-cvm"].images).toEqual([expect.objectContaining({ id: ImageId, name: "visible", state: "IMPORTING" })]);
        await ctl.advanceClock(501);
        const state = await ctl.state();
        expect(state.clouds["tencent-cvm"].images[0].state).toBe("NORMAL");
        expect(state.clouds["tencent-ecm"]).toEqual({ images: [] });
    });

    test("options can be changed at run time, except credentials, unknown keys and values of the wrong type", async () => {
        await ctl.setOptions({ imageQuota: 7 });
        expect((await cvmClient(emu.port).DescribeImageQuota()).ImageNumQuota).toBe(7);
        await expect(ctl.setOptions({ credentials: {} } as any)).rejects.toThrow(/credentials/);
        await expect(ctl.setOptions({ noSuchOption: 1 } as any)).rejects.toThrow(/unknown option/);
        await expect(ctl.setOptions({ imageQuota: "7" } as any)).rejects.toThrow(/option imageQuota must be a number, got string/);
        await expect(ctl.setOptions({ importDelayMs: -1 })).rejects.toThrow(/must not be negative/);
        await expect(ctl.setOptions({ signatures: "lax" } as any)).rejects.toThrow(/must be strict or off/);
        await expect(ctl.setOptions({ rateLimitOverrides: { "tencent-cvm:ImportImage": "many" } } as any)).rejects.toThrow(/rateLimitOverrides\.tencent-cvm:ImportImage must be a number/);
        expect((await cvmClient(emu.port).DescribeImageQuota()).ImageNumQuota).toBe(7);
        await ctl.setOptions({ imageQuota: 500 });
    });
});

describe("robustness", () => {
    let emu: Emulator;
    let ctl: EmulatorControl;
    beforeAll(async () => {
        emu = await startEmulator({ importDelayMs: 500 });
        ctl = new EmulatorControl(emu.url);
    });
    beforeEach(() => ctl.reset());
    afterAll(() => emu.close());

    const post = (path: string, body: string) =>
        fetch(`${emu.url}${path}`, { method: "POST", body, headers: { "Content-Type": "application/json" } }).then(async (r) => ({ status: r.status, body: await r.json() }));

    test("the control interface answers bad JSON and invalid faults with 400, adding none of a bad list", async () => {
        expect(await post("/__emu/faults", "{not json")).toMatchObject({ status: 400, body: { error: "the body is not valid JSON" } });
        expect(await post("/__emu/clock", "null")).toMatchObject({ status: 400 });
        const list = [
            { cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "error" },
            { cloud: "tencent-cvm", action: "*", times: 0, mode: "error" },
        ];
        expect(await post("/__emu/faults", JSON.stringify(list))).toMatchObject({ status: 400, body: { error: "fault times must be a positive number" } });
        await expect(ctl.injectFault(list as any)).rejects.toThrow(/400/);
        expect(emu.faults.list()).toEqual([]);
    });

    test("a web page cannot drive the control interface: JSON only, and loopback hosts only", async () => {
        const form = await fetch(`${emu.url}/__emu/reset`, { method: "POST", body: "x=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
        expect(form.status).toBe(415);
        const rebound = await new Promise<number>((resolve, reject) => {
            const req = require("http").request(`${emu.url}/__emu/state`, { headers: { Host: "attacker.example:80" } }, (res: any) => {
                res.resume();
                resolve(res.statusCode);
            });
            req.on("error", reject);
            req.end();
        });
        expect(rebound).toBe(403);
        expect((await fetch(`${emu.url.replace("127.0.0.1", "localhost")}/__emu/clock`)).status).toBe(200);
    });

    test("an action named like an object property is InvalidAction, not a crash or an echo", async () => {
        for (const action of ["constructor", "toString", "hasOwnProperty"]) {
            const e = await ecmClient(emu.port).request(action, {}).catch((x: any) => x);
            expect(e.code).toBe("InvalidAction");
        }
    });

    test("a gateway fault answers with a non-JSON status the SDK reports as httpCode, and the call never runs", async () => {
        await ctl.injectFault({ cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "gateway", httpStatus: 503 });
        const e = await cvmClient(emu.port).ImportImage(importParams("gw")).catch((x: any) => x);
        expect(e).toMatchObject({ httpCode: 503, message: "Service Unavailable" });
        expect(e.code).toBeUndefined();
        expect((await cvmClient(emu.port).DescribeImages({})).TotalCount).toBe(0);
    });

    test("a drop fault loses the response of a failing call too", async () => {
        await ctl.injectFault({ cloud: "tencent-cvm", action: "ImportImage", times: 1, mode: "drop" });
        const e = await cvmClient(emu.port).ImportImage(importParams("bad", { OsType: "Plan9" })).catch((x: any) => x);
        expect(e.code).toBeUndefined();
        expect(emu.faults.list()).toEqual([]);
        expect((await ctl.requests({ action: "ImportImage" })).map((l) => [l.status, l.errorCode])).toEqual([[0, "InvalidImageOsType.Unsupported"]]);
    });

    test("a body over 10 MB is refused with 413", async () => {
        const r = await fetch(`${emu.url}/`, { method: "POST", body: "x".repeat(10 * 1024 * 1024 + 1), headers: { "X-TC-Action": "DescribeImages" } });
        expect(r.status).toBe(413);
    });

    test("the request log never holds a presigned URL's signature", async () => {
        await cvmClient(emu.port).ImportImage(importParams("signed", { ImageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a.qcow2?q-signature=TOPSECRET" }));
        const [entry] = await ctl.requests({ action: "ImportImage" });
        expect(JSON.stringify(entry)).not.toContain("TOPSECRET");
        expect(entry.params?.ImageUrl).toBe("https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a.qcow2?<redacted>");
    });

    test("only COS URLs import, and the documented CDC filters are accepted", async () => {
        const e = await cvmClient(emu.port).ImportImage(importParams("elsewhere", { ImageUrl: "https://example.com/a.qcow2" })).catch((x: any) => x);
        expect(e.code).toBe("InvalidParameter.InvalidParameterUrlError");
        const r = await cvmClient(emu.port).DescribeImages({ Filters: [{ Name: "cdc-cache-status", Values: ["CACHED"] }] });
        expect(r.TotalCount).toBe(0);
    });
});

describe("state file contents", () => {
    test("an empty file is an empty state; a malformed one is refused naming the file", async () => {
        const dir = tmpDir();
        fs.writeFileSync(path.join(dir, "empty.json"), "");
        const emu = await startEmulator({ stateFile: path.join(dir, "empty.json") });
        expect((await cvmClient(emu.port).DescribeImages({})).TotalCount).toBe(0);
        await emu.close();
        fs.writeFileSync(path.join(dir, "bad.json"), "[]");
        await expect(startEmulator({ stateFile: path.join(dir, "bad.json") })).rejects.toThrow(/bad\.json must hold a JSON object/);
    });
});

describe("import clock", () => {
    test("fast-forwarding imports finishes a long import and leaves signatures valid", async () => {
        const emu = await startEmulator({ importDelayMs: 3 * 60 * 60 * 1000 });
        const ctl = new EmulatorControl(emu.url);
        const cvm = cvmClient(emu.port);
        const { ImageId } = await cvm.ImportImage(importParams("three-hours"));
        expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).ImageSet![0].ImageState).toBe("IMPORTING");
        await ctl.advanceImports(3 * 60 * 60 * 1000);
        // Signed with the real time, and still accepted: only imports moved.
        expect((await cvm.DescribeImages({ ImageIds: [ImageId!] })).ImageSet![0].ImageState).toBe("NORMAL");
        await emu.close();
    });
});
