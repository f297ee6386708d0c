/**
 * `npm run bench`: what waiting for many imports costs, through the real dynamic-provider host.
 *
 * For N concurrent creates of `TencentCvmImportedImage` (default N = 1, 10, 100, 300) this drives
 * `@pulumi/pulumi/cmd/dynamic-provider` over gRPC (drivers/provider-host.ts, the same driver the
 * tests use) against the emulator with its default rate limits and the package's default poll intervals
 * (no IMAGE_IMPORT_POLL_INTERVAL, no imageImport:pollInterval). Imports take 20 s on the emulator.
 *
 * Next to it, against an emulator of its own with the same options, a per-resource baseline waits the
 * way Terraform does (terraform-plugin-sdk `StateChangeConf` + `resource.Retry`), with the official SDK
 * `tencentcloud-sdk-nodejs-cvm`: ImportImage, first check after 3 s, then DescribeImages for that one
 * image every 10 s; a throttled call (RequestLimitExceeded) is retried with the SDK's backoff (0.5 s,
 * doubling, capped at 10 s, no jitter) until it passes or the retry timeout (5 min for writes, 3 min for
 * reads) runs out, when the throttle error reaches the caller.
 *
 * Then N = 100 imports of 2 hours, fast-forwarded on the emulator's import clock (`POST /__emu/clock`
 * `{advanceImportsMs}`), to see the extra latency once the poller has backed off.
 *
 * Figures only: nothing is asserted. Targets (at N = 100) are printed next to the measured values.
 *
 *   npm run bench                      every N, and the long imports beside them (about 6 minutes)
 *   npm run bench -- 1 10              only these N (plus the long imports)
 *   npm run bench -- 100 --no-long     skip the long imports; --long-only runs only them
 *   npm run bench -- --sequential      every run one after the other (over 10 minutes). By default ours
 *                                      and the baseline run side by side, each against its own emulator
 *                                      (so their rate-limit windows never mix), and the long imports,
 *                                      which mostly wait, run beside the short ones.
 */
import * as fs from "fs";
import * as path from "path";
import * as tencentcloud from "tencentcloud-sdk-nodejs-cvm";
import { startEmulator, type Emulator, type LogEntry } from "../emulator";
import { TencentCvmImportedImage } from "../provider";
import { ProviderHost } from "../drivers/provider-host";
import { captureSerializedProviders } from "../drivers/serialized";
import { makeSecret } from "../drivers/wire";

// The Tencent SDK wraps every request in a proxy agent when http_proxy is set.
for (const k of ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"]) delete process.env[k];

const REGION = "ap-guangzhou";
const IMAGE_URL = "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/centos-7.qcow2";
const IMPORT_MS = 20_000;
const LONG_IMPORT_MS = 2 * 3600_000;
const LONG_N = 100;
/** Wall time the 2 h are compressed into: long enough for a 5 s poll backing off ×1.5 to reach a 60 s cap. */
const LONG_FAST_FORWARD_WALL_MS = 180_000;
/** The fast-forward stops this long (import time) before the first image is due, so images become ready in real time. */
const LONG_REAL_TAIL_MS = 10_000;
const TICK_MS = 5_000;
const IMPORTS_PER_SECOND = 10;
const THROTTLE = /RequestLimitExceeded/;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The project directory (the provider host's cwd, from which the serialized shim loads the package by name). */
function projectRoot(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-image-import") return dir;
        if (path.dirname(dir) === dir) throw new Error("package.json of pulumi-image-import not found above " + __dirname);
    }
}
const ROOT = projectRoot();

// ---------------------------------------------------------------------------------------------------
// Processes and emulators started here, all stopped at the end whatever happens.

const cleanups = new Set<() => Promise<void>>();
function owned<T>(thing: T, close: () => Promise<void>): T {
    cleanups.add(close);
    return thing;
}
async function release(close: () => Promise<void>): Promise<void> {
    cleanups.delete(close);
    await close().catch(() => undefined);
}
async function cleanupAll(): Promise<void> {
    const all = [...cleanups];
    cleanups.clear();
    await Promise.all(all.map((c) => c().catch(() => undefined)));
}

async function newEmulator(importDelayMs: number): Promise<{ emu: Emulator; tap: LogTap; close: () => Promise<void> }> {
    const emu = await startEmulator({ importDelayMs });
    const tap = new LogTap(emu);
    const close = async () => {
        tap.stop();
        await emu.close();
    };
    owned(emu, close);
    return { emu, tap, close };
}

/**
 * Every request the emulator logged, read as it goes: the emulator keeps only its last 5000 entries,
 * and a baseline that is throttled can make more than that.
 */
class LogTap {
    readonly entries: LogEntry[] = [];
    lost = 0;
    private last = 0;
    private readonly timer: NodeJS.Timeout;

    constructor(private readonly emu: Emulator) {
        this.timer = setInterval(() => this.pull(), 200);
    }

    pull(): void {
        const got = this.emu.log.query({ since: this.last });
        if (got.length === 0) return;
        if (got[0].seq > this.last + 1) this.lost += got[0].seq - this.last - 1;
        this.entries.push(...got);
        this.last = got[got.length - 1].seq;
    }

    stop(): void {
        clearInterval(this.timer);
        this.pull();
    }
}

/** The emulator's import clock runs `ahead` ms ahead of its clock from `at` on (wall ms). */
type AheadHistory = { at: number; ahead: number }[];

/**
 * When (wall ms) each image of this run became NORMAL on the emulator: its import start (the image
 * record's plan, else the request log's ImportImage time) plus the import delay, on the import clock,
 * mapped back to wall time through the fast-forward history.
 */
function readyTimes(emu: Emulator, tap: LogTap, history: AheadHistory): Map<string, number> {
    const aheadAt = (t: number) => history.filter((h) => h.at <= t).reduce((a, h) => h.ahead, 0);
    const toWall = (importReady: number) => {
        const points = [{ at: -Infinity, ahead: 0 }, ...history];
        for (let k = 0; k < points.length; k++) {
            const end = k + 1 < points.length ? points[k + 1].at : Infinity;
            const t = Math.max(points[k].at, importReady - points[k].ahead);
            if (t < end) return t;
        }
        return importReady;
    };
    const byName = new Map<string, number>();
    for (const e of tap.entries) {
        if (e.action !== "ImportImage" || e.status !== 200 || e.errorCode) continue;
        const name = e.params?.ImageName;
        const t = Date.parse(e.time);
        if (typeof name === "string") byName.set(name, toWall(t + aheadAt(t) + emu.options.importDelayMs));
    }
    // The image record, where it has one, is exact to the millisecond (the log is stamped before the call runs).
    const bucket = (emu.store.snapshot()["tencent-cvm"] as { images?: Record<string, any> } | undefined)?.images ?? {};
    for (const img of Object.values(bucket)) {
        if (typeof img?.name === "string" && typeof img?.plan?.readyAt === "number") byName.set(img.name, toWall(img.plan.readyAt));
    }
    return byName;
}

async function advanceImports(emu: Emulator, ms: number): Promise<{ at: number; ahead: number }> {
    const res = await fetch(`${emu.url}/__emu/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advanceImportsMs: ms }) });
    if (!res.ok) throw new Error(`POST /__emu/clock: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { now: number; importNow: number };
    return { at: body.now, ahead: body.importNow - body.now };
}

/**
 * Once every image of the run has been imported, moves the import clock so the first image is
 * `LONG_REAL_TAIL_MS` from ready after `LONG_FAST_FORWARD_WALL_MS` of wall time, in one-second steps;
 * from there imports finish in real time, spread as their ImportImage calls were.
 */
async function fastForward(emu: Emulator, tap: LogTap, n: number, history: AheadHistory, stop: { done: boolean }): Promise<void> {
    const imported = () => tap.entries.filter((e) => e.action === "ImportImage" && e.status === 200 && !e.errorCode).length;
    while (!stop.done && imported() < n) await sleep(200);
    if (stop.done) return;
    const firstStart = Math.min(...tap.entries.filter((e) => e.action === "ImportImage" && e.status === 200 && !e.errorCode).map((e) => Date.parse(e.time)));
    // Real time goes on during the fast-forward too: the steps add what it does not cover.
    const total = firstStart + emu.options.importDelayMs - LONG_REAL_TAIL_MS - emu.clock.importNow() - LONG_FAST_FORWARD_WALL_MS;
    const steps = Math.round(LONG_FAST_FORWARD_WALL_MS / 1000);
    for (let i = 0; i < steps && !stop.done; i++) {
        await sleep(1000);
        history.push(await advanceImports(emu, total / steps));
    }
}

// ---------------------------------------------------------------------------------------------------
// The provider host.

/** Provider host processes: children of this process running the dynamic-provider entry point. */
function hostPids(): Set<number> {
    const pids = new Set<number>();
    for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid !== process.pid) continue;
            if (fs.readFileSync(`/proc/${d}/cmdline`, "utf8").includes("dynamic-provider")) pids.add(Number(d));
        } catch {
            // gone meanwhile
        }
    }
    return pids;
}

function rssMb(pid: number): number {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
}

interface StartedHost {
    host: ProviderHost;
    pid: number;
    logs: string[];
    close: () => Promise<void>;
}

let hostStarts = Promise.resolve();
/** Starts one host (one at a time, so the new child is told apart from the others) and configures it. */
async function startHost(endpoint: string, secretId: string, secretKey: string): Promise<StartedHost> {
    const previous = hostStarts;
    let done!: () => void;
    hostStarts = new Promise((r) => (done = r));
    await previous;
    try {
        const env = { ...process.env };
        for (const k of Object.keys(env)) if (k.startsWith("TENCENTCLOUD_") || k.startsWith("IMAGE_IMPORT_")) delete env[k];
        const logs: string[] = [];
        const before = hostPids();
        const host = await ProviderHost.start({ cwd: ROOT, project: "proj", env, onLog: (l) => logs.length < 2000 && logs.push(l) });
        const close = () => host.close();
        owned(host, close);
        const fresh = [...hostPids()].filter((p) => !before.has(p));
        if (fresh.length !== 1) throw new Error(`could not tell the provider host's pid (${fresh.length} new children)`);
        // The engine sends the whole stack config; poll intervals are left at the package's defaults.
        await host.configure({
            "imageImport:endpoint": endpoint,
            "tencentcloud:secretId": secretId,
            "tencentcloud:secretKey": makeSecret(secretKey),
        });
        return { host, pid: fresh[0], logs, close };
    } finally {
        done();
    }
}

// ---------------------------------------------------------------------------------------------------
// One run: N creates, ours or the baseline.

interface Outcome {
    name: string;
    returnedAt: number;
    error?: string;
}

interface RunResult {
    n: number;
    describeCalls: number;
    totalCalls: number;
    throttled: number;
    surfaced: number;
    otherFailures: number;
    firstError?: string;
    /** Extra latency after ready, ms, of the creates that succeeded. */
    extra: number[];
    makespanMs: number;
    rssAboveBareMb?: number;
    rssMb?: number;
    /** Median over the images of the time between the last two describes of each (the poll interval when it became ready). */
    pollGapAtReadyMs?: number;
    logLost: number;
    /** Calls per action, as the emulator logged them. */
    byAction: Record<string, number>;
}

function summarize(n: number, emu: Emulator, tap: LogTap, history: AheadHistory, outcomes: Outcome[], startedAt: number): RunResult {
    tap.stop();
    const ready = readyTimes(emu, tap, history);
    const log = tap.entries;
    const describes = log.filter((e) => e.action === "DescribeImages");
    const extra: number[] = [];
    for (const o of outcomes) {
        const r = ready.get(o.name);
        if (!o.error && r !== undefined) extra.push(o.returnedAt - r);
    }
    const failed = outcomes.filter((o) => o.error);
    const surfaced = failed.filter((o) => THROTTLE.test(o.error!)).length;
    // Per image: the time between the last two describes that asked for it (the last one saw it ready).
    const askedAt = new Map<string, number[]>();
    for (const e of describes) {
        if (e.errorCode || !Array.isArray(e.params?.ImageIds)) continue;
        for (const id of e.params!.ImageIds as string[]) askedAt.set(id, [...(askedAt.get(id) ?? []), Date.parse(e.time)]);
    }
    const gaps = [...askedAt.values()].filter((t) => t.length >= 2).map((t) => t[t.length - 1] - t[t.length - 2]);
    return {
        n,
        describeCalls: describes.length,
        totalCalls: log.length,
        throttled: log.filter((e) => e.errorCode !== undefined && THROTTLE.test(e.errorCode)).length,
        surfaced,
        otherFailures: failed.length - surfaced,
        firstError: failed[0]?.error,
        extra: extra.sort((a, b) => a - b),
        makespanMs: Math.max(...outcomes.map((o) => o.returnedAt)) - startedAt,
        pollGapAtReadyMs: gaps.length ? median(gaps) : undefined,
        logLost: tap.lost,
        byAction: log.reduce<Record<string, number>>((m, e) => ((m[e.action] = (m[e.action] ?? 0) + 1), m), {}),
    };
}

function imageName(n: number, i: number, long: boolean): string {
    return `bench${long ? "-long" : ""}-${n}-${i}`;
}

/**
 * N creates at once against `emu` (long imports fast-forwarded meanwhile); each outcome records when its
 * create returned, and the error it surfaced, with the cloud's code where there is one.
 */
async function concurrently(n: number, long: boolean, emu: Emulator, tap: Parameters<typeof fastForward>[1], create: (name: string) => Promise<void>) {
    const history: AheadHistory = [];
    const stop = { done: false };
    const ff = long ? fastForward(emu, tap, n, history, stop) : Promise.resolve();
    const startedAt = Date.now();
    const outcomes = await Promise.all(
        Array.from({ length: n }, async (_, i): Promise<Outcome> => {
            const name = imageName(n, i, long);
            try {
                await create(name);
                return { name, returnedAt: Date.now() };
            } catch (e) {
                const code = (e as { code?: string }).code;
                return { name, returnedAt: Date.now(), error: `${code ? `${code}: ` : ""}${e instanceof Error ? e.message : String(e)}` };
            }
        }),
    );
    stop.done = true;
    await ff;
    return { history, outcomes, startedAt };
}

async function runOurs(n: number, importDelayMs: number, providerText: string, bare: StartedHost): Promise<RunResult> {
    const long = importDelayMs > IMPORT_MS;
    const { emu, tap, close: closeEmu } = await newEmulator(importDelayMs);
    const tc = emu.options.credentials.tencent[0];
    const h = await startHost(emu.url, tc.id, tc.secret);
    try {
        const { history, outcomes, startedAt } = await concurrently(n, long, emu, tap, async (name) => {
            const urn = `urn:pulumi:bench::proj::pulumi-nodejs:dynamic/image-import:TencentCvmImportedImage::${name}`;
            const props = { __provider: providerText, region: REGION, imageName: name, imageUrl: IMAGE_URL, osType: "CentOS", osVersion: "7", architecture: "x86_64" };
            const checked = await h.host.check(urn, {}, props);
            if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
            await h.host.create(urn, checked.inputs);
        });
        const result = summarize(n, emu, tap, history, outcomes, startedAt);
        // Memory at the end, idle: every create has returned, the poller has nothing left to wait for.
        await sleep(3000);
        result.rssMb = rssMb(h.pid);
        result.rssAboveBareMb = result.rssMb - rssMb(bare.pid);
        if (result.otherFailures + result.surfaced > 0) {
            const lines = h.logs.filter((l) => /error|fail|throttl|limit/i.test(l)).slice(0, 3);
            if (lines.length) result.firstError = `${result.firstError}\n      host log: ${lines.join("\n      host log: ")}`;
        }
        return result;
    } finally {
        await release(h.close);
        await release(closeEmu);
    }
}

type CvmClient = InstanceType<typeof tencentcloud.cvm.v20170312.Client>;

/**
 * terraform-plugin-sdk `resource.Retry`: retries while the error is retryable (here: throttled), with
 * StateChangeConf's backoff (MinTimeout 0.5 s, doubling, capped at 10 s), until `timeoutMs` has passed.
 */
async function tfRetry<T>(timeoutMs: number, call: () => Promise<T>): Promise<T> {
    const until = Date.now() + timeoutMs;
    let wait = 100;
    for (;;) {
        try {
            return await call();
        } catch (e) {
            const code = (e as { code?: string }).code ?? "";
            wait = Math.min(10_000, Math.max(500, wait * 2));
            if (!THROTTLE.test(code) || Date.now() + wait > until) throw e;
            await sleep(wait);
        }
    }
}

async function baselineCreate(cvm: CvmClient, name: string): Promise<void> {
    const { ImageId } = await tfRetry(5 * 60_000, () =>
        cvm.ImportImage({ Architecture: "x86_64", OsType: "CentOS", OsVersion: "7", ImageUrl: IMAGE_URL, ImageName: name }),
    );
    // StateChangeConf{Delay: 3s, PollInterval: 10s}: first refresh after 3 s, then every 10 s.
    await sleep(3000);
    for (;;) {
        const res = await tfRetry(3 * 60_000, () => cvm.DescribeImages({ ImageIds: [ImageId!] }));
        const state = res.ImageSet?.[0]?.ImageState;
        if (state === "NORMAL") return;
        if (state !== "IMPORTING" && state !== "CREATING") throw new Error(`image ${ImageId} reached state ${state}`);
        await sleep(10_000);
    }
}

async function runBaseline(n: number, importDelayMs: number): Promise<RunResult> {
    const long = importDelayMs > IMPORT_MS;
    const { emu, tap, close } = await newEmulator(importDelayMs);
    try {
        const tc = emu.options.credentials.tencent[0];
        const cvm: CvmClient = new tencentcloud.cvm.v20170312.Client({
            credential: { secretId: tc.id, secretKey: tc.secret },
            region: REGION,
            profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: "http://" } },
        });
        const { history, outcomes, startedAt } = await concurrently(n, long, emu, tap, (name) => baselineCreate(cvm, name));
        return summarize(n, emu, tap, history, outcomes, startedAt);
    } finally {
        await release(close);
    }
}

// ---------------------------------------------------------------------------------------------------
// Printing.

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor((s.length - 1) / 2)];
}
/** Nearest rank. */
function pct(sorted: number[], p: number): number | undefined {
    if (sorted.length === 0) return undefined;
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const sec = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? "-" : `${(ms / 1000).toFixed(1)} s`);
const num = (x: number | undefined, digits = 0) => (x === undefined || Number.isNaN(x) ? "-" : x.toFixed(digits));

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
    return rows.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd()).join("\n");
}

function printRuns(title: string, ns: number[], ours: Map<number, RunResult>, base: Map<number, RunResult>): void {
    const rows: string[][] = [["", "", ...ns.map((n) => `N=${n}`)]];
    const metric = (label: string, f: (r: RunResult) => string, withBase = true) => {
        rows.push([label, "ours", ...ns.map((n) => (ours.get(n) ? f(ours.get(n)!) : "-"))]);
        if (withBase) rows.push(["", "baseline", ...ns.map((n) => (base.get(n) ? f(base.get(n)!) : "-"))]);
    };
    metric("describe calls", (r) => String(r.describeCalls));
    metric("all calls per image", (r) => num(r.totalCalls / r.n, 2));
    metric("throttled responses", (r) => String(r.throttled));
    metric("throttle errors surfaced", (r) => String(r.surfaced));
    metric("other failures", (r) => String(r.otherFailures));
    metric("extra latency p50", (r) => sec(pct(r.extra, 50)));
    metric("extra latency p90", (r) => sec(pct(r.extra, 90)));
    metric("extra latency max", (r) => sec(pct(r.extra, 100)));
    metric("makespan", (r) => sec(r.makespanMs));
    metric("host RSS above bare host", (r) => (r.rssAboveBareMb === undefined ? "-" : `${num(r.rssAboveBareMb, 1)} MB`), false);
    metric("host RSS", (r) => (r.rssMb === undefined ? "-" : `${num(r.rssMb, 1)} MB`), false);
    console.log(`\n${title}\n${table(rows)}`);
    const actions = (r: RunResult) => Object.entries(r.byAction).map(([a, c]) => `${a} ${c}`).join(", ");
    for (const [who, runs] of [["ours", ours], ["baseline", base]] as const) {
        for (const r of runs.values()) {
            console.log(`  ${who} N=${r.n} calls: ${actions(r)}`);
            if (r.firstError) console.log(`  ${who} N=${r.n} first error: ${r.firstError}`);
            if (r.logLost) console.log(`  ${who} N=${r.n}: ${r.logLost} request-log entries were lost before they were read; call counts are low by that much`);
        }
    }
}

function printTargets(ours: RunResult, base: RunResult | undefined): void {
    const n = ours.n;
    const p50 = pct(ours.extra, 50);
    const max = pct(ours.extra, 100);
    const makespanTarget = (n / IMPORTS_PER_SECOND) * 1000 + IMPORT_MS + TICK_MS;
    const ratio = base && ours.describeCalls > 0 ? base.describeCalls / ours.describeCalls : undefined;
    const mark = (ok: boolean | undefined) => (ok === undefined ? "n/a" : ok ? "met" : "NOT MET");
    const rows: string[][] = [
        ["target at N=" + n, "measured", "target", ""],
        [
            "describe calls vs baseline",
            ratio === undefined ? "-" : `${num(ratio, 1)}x fewer (${ours.describeCalls} vs ${base!.describeCalls})`,
            ">= 20x fewer",
            mark(ratio === undefined ? undefined : ratio >= 20),
        ],
        // The import, the tag call that seals the recorded image, and a share of the batched polls.
        ["all calls per image", num(ours.totalCalls / n, 2), "<= 2.2", mark(ours.totalCalls / n <= 2.2)],
        ["throttle errors surfaced", String(ours.surfaced), "0", mark(ours.surfaced === 0)],
        ["extra latency p50", sec(p50), `<= ${sec(TICK_MS)} (1 tick)`, mark(p50 === undefined ? undefined : p50 <= TICK_MS)],
        ["extra latency max", sec(max), `<= ${sec(2 * TICK_MS)} (2 ticks)`, mark(max === undefined ? undefined : max <= 2 * TICK_MS)],
        ["makespan", sec(ours.makespanMs), `<= ${sec(makespanTarget)} (N/10/s + ${IMPORT_MS / 1000} s + 1 tick)`, mark(ours.makespanMs <= makespanTarget)],
        [
            "host memory above bare host",
            ours.rssAboveBareMb === undefined ? "-" : `${num(ours.rssAboveBareMb, 1)} MB`,
            "<= 20 MB",
            mark(ours.rssAboveBareMb === undefined ? undefined : ours.rssAboveBareMb <= 20),
        ],
    ];
    console.log(`\nTargets (N=${n}, imports of ${IMPORT_MS / 1000} s)\n${table(rows)}`);
}

function printLong(ours: RunResult | undefined, base: RunResult | undefined): void {
    const rows: string[][] = [["", "", "ours", "baseline"]];
    const row = (label: string, f: (r: RunResult) => string) => rows.push([label, "", ours ? f(ours) : "-", base ? f(base) : "-"]);
    row("extra latency p50", (r) => sec(pct(r.extra, 50)));
    row("extra latency p90", (r) => sec(pct(r.extra, 90)));
    row("extra latency max", (r) => sec(pct(r.extra, 100)));
    row("poll interval at ready (median)", (r) => sec(r.pollGapAtReadyMs));
    row("throttle errors surfaced", (r) => String(r.surfaced));
    row("other failures", (r) => String(r.otherFailures));
    row("host RSS above bare host", (r) => (r.rssAboveBareMb === undefined ? "-" : `${num(r.rssAboveBareMb, 1)} MB`));
    console.log(
        `\nLong imports: N=${LONG_N} of ${LONG_IMPORT_MS / 3600_000} h on the emulator's import clock, fast-forwarded over ` +
            `${LONG_FAST_FORWARD_WALL_MS / 1000} s of wall time (the last ${LONG_REAL_TAIL_MS / 1000} s in real time; call counts cover only the compressed wait)\n${table(rows)}`,
    );
    for (const [who, r] of [["ours", ours], ["baseline", base]] as const) if (r?.firstError) console.log(`  ${who} first error: ${r.firstError}`);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const flags = new Set(args.filter((a) => a.startsWith("--")));
    for (const f of flags) if (!["--no-long", "--long-only", "--sequential"].includes(f)) throw new Error(`unknown option ${f}`);
    const given = args.filter((a) => !a.startsWith("--")).map(Number);
    if (given.some((n) => !Number.isInteger(n) || n < 1 || n > 500)) throw new Error("N must be a whole number from 1 to 500 (the emulator's image quota)");
    const ns = flags.has("--long-only") ? [] : given.length ? given : [1, 10, 100, 300];
    const long = !flags.has("--no-long");
    const both = <A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> =>
        flags.has("--sequential") ? a().then(async (x) => [x, await b()] as [A, B]) : Promise.all([a(), b()]);

    const texts = await captureSerializedProviders(() => {
        new TencentCvmImportedImage("img", { region: REGION, imageName: "bench", imageUrl: IMAGE_URL, osType: "CentOS", osVersion: "7", architecture: "x86_64" });
    });
    const providerText = texts.img;
    if (!providerText) throw new Error("could not capture the serialized provider of TencentCvmImportedImage");

    // A bare host: started and configured like the others, never given a resource.
    const { emu: idleEmu, close: closeIdleEmu } = await newEmulator(IMPORT_MS);
    const tc = idleEmu.options.credentials.tencent[0];
    const bare = await startHost(idleEmu.url, tc.id, tc.secret);
    const began = Date.now();
    const sequential = flags.has("--sequential");
    console.log(
        `bench: ${ns.length ? `N = ${ns.join(", ")} concurrent creates, imports of ${IMPORT_MS / 1000} s` : ""}${ns.length && long ? "; " : ""}` +
            `${long ? `N = ${LONG_N} imports of ${LONG_IMPORT_MS / 3600_000} h, fast-forwarded` : ""}. Rate limits on, default poll intervals. ` +
            (sequential
                ? "Every run one after the other."
                : `Ours and the baseline side by side, each on its own emulator${ns.length && long ? "; the long imports alongside the short ones" : ""}.`),
    );

    const ours = new Map<number, RunResult>();
    const base = new Map<number, RunResult>();
    const shortRuns = async () => {
        for (const n of ns) {
            const t = Date.now();
            const [o, b] = await both(
                () => runOurs(n, IMPORT_MS, providerText, bare),
                () => runBaseline(n, IMPORT_MS),
            );
            ours.set(n, o);
            base.set(n, b);
            console.log(`  N=${n}: done in ${sec(Date.now() - t)} (ours ${sec(o.makespanMs)}, baseline ${sec(b.makespanMs)})`);
        }
    };
    let longOurs: RunResult | undefined;
    let longBase: RunResult | undefined;
    const longRuns = async () => {
        if (!long) return;
        const t = Date.now();
        [longOurs, longBase] = await both(
            () => runOurs(LONG_N, LONG_IMPORT_MS, providerText, bare),
            () => runBaseline(LONG_N, LONG_IMPORT_MS),
        );
        console.log(`  long imports: done in ${sec(Date.now() - t)}`);
    };
    // The long imports mostly wait (their poller backs off), so by default they run beside the short ones.
    await both(shortRuns, longRuns);
    await release(bare.close);
    await release(closeIdleEmu);

    if (ns.length) {
        printRuns(`Imports of ${IMPORT_MS / 1000} s (baseline: one DescribeImages per image, 3 s then every 10 s, throttles retried)`, ns, ours, base);
        const at = ours.get(100);
        if (at) printTargets(at, base.get(100));
        else console.log("\nTargets are stated at N=100; run with N=100 to see them.");
    }
    if (long) printLong(longOurs, longBase);
    console.log(`\ntotal ${sec(Date.now() - began)}`);
}

let exiting = false;
async function exit(code: number): Promise<never> {
    if (!exiting) {
        exiting = true;
        await cleanupAll();
    }
    process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void exit(130));

main().then(
    () => exit(0),
    (e) => {
        console.error(e);
        return exit(1);
    },
);
