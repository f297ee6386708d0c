/**
 * `npm run bench`: what waiting for many imports costs, through the real dynamic-provider host, on each cloud.
 *
 * For N concurrent creates (default N = 1, 10, 100, 300) of a cloud's resource this drives
 * `@pulumi/pulumi/cmd/dynamic-provider` over gRPC (drivers/provider-host.ts, the same driver the tests
 * use) against the emulator with its default rate limits and the package's default poll intervals (no
 * IMAGE_IMPORT_POLL_INTERVAL, no imageImport:pollInterval). Imports take 20 s on the emulator. Each cloud
 * runs with an empty account and with one that already holds 5,000 unrelated images (`--seed-images`).
 *
 * Next to it, against an emulator of its own with the same options, a per-resource waiter of the cloud's own
 * kind (scripts/bench-clouds.ts): the official SDK, ImportImage, first check after 3 s, then one describe of
 * that image every 10 s, a throttled call retried with backoff (0.5 s, doubling, capped at 10 s) until it
 * passes or the retry timeout (5 min for writes, 3 min for reads) runs out, when the throttle error reaches
 * the caller: the way Terraform's providers wait.
 *
 * Then N = 100 imports of 2 hours, fast-forwarded on the emulator's import clock (`POST /__emu/clock`
 * `{advanceImportsMs}`), to see the extra latency once the poller has backed off.
 *
 * Figures only: nothing is asserted. Targets (at N = 100) are printed next to the measured values.
 *
 *   npm run bench                      CVM, every N, both accounts, and the long imports (about 10 minutes)
 *   npm run bench -- --cloud ens       one cloud (cvm, ecm, jd, ens), or --cloud all
 *   npm run bench -- 1 10              only these N (plus the long imports)
 *   npm run bench -- 100 --no-long     skip the long imports; --long-only runs only them
 *   npm run bench -- --seed 0          only this account size (unrelated images already there; default 0,5000)
 *   npm run bench -- --sequential      every run one after the other. By default ours and the baseline run
 *                                      side by side, each against its own emulator (so their rate-limit
 *                                      windows never mix), and the long imports, which mostly wait, run
 *                                      beside the short ones.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator, type Emulator, type LogEntry } from "../emulator";
import { ProviderHost } from "../drivers/provider-host";
import { captureSerializedProviders } from "../drivers/serialized";
import type { PropertyMap } from "../drivers/wire";
import { BENCH_CLOUDS, urnOf, type BenchCloud } from "./bench-clouds";

// The Tencent SDK wraps every request in a proxy agent when http_proxy is set.
for (const k of ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"]) delete process.env[k];

const IMPORT_MS = 20_000;
const LONG_IMPORT_MS = 2 * 3600_000;
const LONG_N = 100;
/** Wall time the 2 h are compressed into: long enough for a 5 s poll backing off ×1.5 to reach a 60 s cap. */
const LONG_FAST_FORWARD_WALL_MS = 180_000;
/** The fast-forward stops this long (import time) before the first image is due, so images become ready in real time. */
const LONG_REAL_TAIL_MS = 10_000;
const TICK_MS = 5_000;
const IMPORTS_PER_SECOND = 10;
/** Room the quotas leave above the seeded images for the runs' own. */
const QUOTA_ROOM = 1000;
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

async function newEmulator(importDelayMs: number, seed: number): Promise<{ emu: Emulator; tap: LogTap; close: () => Promise<void> }> {
    const emu = await startEmulator({ importDelayMs, seedImages: seed, imageQuota: seed + QUOTA_ROOM, jdcloudSnapshotQuota: seed + QUOTA_ROOM });
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
 * When (wall ms) an image became ready on the emulator: its import's plan (the image's own, or its task's on
 * JD) on the import clock, mapped back to wall time through the fast-forward history. Found by its id, or
 * else by its name (the name it has, or is being renamed to).
 */
function readyTimes(emu: Emulator, cloud: BenchCloud, history: AheadHistory): (o: Outcome) => number | undefined {
    const toWall = (importReady: number) => {
        const points = [{ at: -Infinity, ahead: 0 }, ...history];
        for (let k = 0; k < points.length; k++) {
            const end = k + 1 < points.length ? points[k + 1].at : Infinity;
            const t = Math.max(points[k].at, importReady - points[k].ahead);
            if (t < end) return t;
        }
        return importReady;
    };
    const bucket = (emu.store.snapshot()[cloud.identity.key] ?? {}) as { images?: Record<string, any>; tasks?: Record<string, any> };
    const images = Object.values(bucket.images ?? {});
    const byName = new Map(images.map((img) => [img.pendingName?.name ?? img.name, img]));
    return (o) => {
        const img = (o.id && bucket.images?.[o.id]) || byName.get(o.name);
        const readyAt = img?.plan?.readyAt ?? bucket.tasks?.[img?.taskId]?.plan?.readyAt;
        return typeof readyAt === "number" ? toWall(readyAt) : undefined;
    };
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
    const imports = () => tap.entries.filter((e) => /^importImage$/i.test(e.action) && e.status === 200 && !e.errorCode);
    while (!stop.done && imports().length < n) await sleep(200);
    if (stop.done) return;
    const firstStart = Math.min(...imports().map((e) => Date.parse(e.time)));
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
async function startHost(config: PropertyMap): Promise<StartedHost> {
    const previous = hostStarts;
    let done!: () => void;
    hostStarts = new Promise((r) => (done = r));
    await previous;
    try {
        const env = { ...process.env };
        for (const k of Object.keys(env)) if (/^(TENCENTCLOUD_|JDCLOUD_|ALIBABA_CLOUD_|ALICLOUD_|IMAGE_IMPORT_)/.test(k)) delete env[k];
        const logs: string[] = [];
        const before = hostPids();
        const host = await ProviderHost.start({ cwd: ROOT, project: "proj", env, onLog: (l) => logs.length < 2000 && logs.push(l) });
        const close = () => host.close();
        owned(host, close);
        const fresh = [...hostPids()].filter((p) => !before.has(p));
        if (fresh.length !== 1) throw new Error(`could not tell the provider host's pid (${fresh.length} new children)`);
        // The engine sends the whole stack config; poll intervals are left at the package's defaults.
        await host.configure(config);
        return { host, pid: fresh[0], logs, close };
    } finally {
        done();
    }
}

// ---------------------------------------------------------------------------------------------------
// One run: N creates, ours or the baseline.

interface Outcome {
    name: string;
    /** The image's id, where the create said it. */
    id?: string;
    returnedAt: number;
    error?: string;
}

interface RunResult {
    n: number;
    /** Unrelated images the account held. */
    seed: number;
    describeCalls: number;
    /** Describe calls per tick (5 s) while images were waiting. */
    readsPerTick: number;
    writeCalls: number;
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

function summarize(cloud: BenchCloud, seed: number, n: number, emu: Emulator, tap: LogTap, history: AheadHistory, outcomes: Outcome[], startedAt: number): RunResult {
    tap.stop();
    const readyAt = readyTimes(emu, cloud, history);
    const log = tap.entries;
    const describes = log.filter((e) => cloud.reads.test(e.action));
    const extra: number[] = [];
    for (const o of outcomes) {
        const r = readyAt(o);
        if (!o.error && r !== undefined) extra.push(o.returnedAt - r);
    }
    const failed = outcomes.filter((o) => o.error);
    const surfaced = failed.filter((o) => cloud.throttle.test(o.error!)).length;
    // Per image: the time between the last two describes that asked for it (the last one saw it ready).
    const askedAt = new Map<string, number[]>();
    for (const e of describes) {
        const ids = e.params?.ImageIds ?? e.params?.ids;
        if (e.errorCode || !Array.isArray(ids)) continue;
        for (const id of ids as string[]) askedAt.set(id, [...(askedAt.get(id) ?? []), Date.parse(e.time)]);
    }
    const gaps = [...askedAt.values()].filter((t) => t.length >= 2).map((t) => t[t.length - 1] - t[t.length - 2]);
    const makespanMs = Math.max(...outcomes.map((o) => o.returnedAt)) - startedAt;
    return {
        n,
        seed,
        describeCalls: describes.length,
        readsPerTick: describes.length / Math.max(1, makespanMs / TICK_MS),
        writeCalls: log.length - describes.length,
        totalCalls: log.length,
        throttled: log.filter((e) => e.errorCode !== undefined && cloud.throttle.test(e.errorCode)).length,
        surfaced,
        otherFailures: failed.length - surfaced,
        firstError: failed[0]?.error,
        extra: extra.sort((a, b) => a - b),
        makespanMs,
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
async function concurrently(n: number, long: boolean, emu: Emulator, tap: Parameters<typeof fastForward>[1], create: (name: string) => Promise<string | void>) {
    const history: AheadHistory = [];
    const stop = { done: false };
    const ff = long ? fastForward(emu, tap, n, history, stop) : Promise.resolve();
    const startedAt = Date.now();
    const outcomes = await Promise.all(
        Array.from({ length: n }, async (_, i): Promise<Outcome> => {
            const name = imageName(n, i, long);
            try {
                const id = await create(name);
                return { name, id: id || undefined, returnedAt: Date.now() };
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

async function runOurs(cloud: BenchCloud, seed: number, n: number, importDelayMs: number, providerText: string, bare: StartedHost): Promise<RunResult> {
    const long = importDelayMs > IMPORT_MS;
    const { emu, tap, close: closeEmu } = await newEmulator(importDelayMs, seed);
    const h = await startHost(cloud.config(emu));
    try {
        const { history, outcomes, startedAt } = await concurrently(n, long, emu, tap, async (name) => {
            const urn = urnOf(cloud, name);
            const checked = await h.host.check(urn, {}, { __provider: providerText, ...cloud.inputs(name, emu) });
            if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
            return (await h.host.create(urn, checked.inputs)).id;
        });
        const result = summarize(cloud, seed, n, emu, tap, history, outcomes, startedAt);
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

async function runBaseline(cloud: BenchCloud, seed: number, n: number, importDelayMs: number): Promise<RunResult> {
    const long = importDelayMs > IMPORT_MS;
    const { emu, tap, close } = await newEmulator(importDelayMs, seed);
    try {
        const { history, outcomes, startedAt } = await concurrently(n, long, emu, tap, (name) => cloud.baseline(name, emu));
        return summarize(cloud, seed, n, emu, tap, history, outcomes, startedAt);
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
    metric("describe/list calls", (r) => String(r.describeCalls));
    metric("describe/list calls per tick", (r) => num(r.readsPerTick, 1));
    metric("write calls per image", (r) => num(r.writeCalls / r.n, 2));
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

function printTargets(cloud: BenchCloud, ours: RunResult, base: RunResult | undefined): void {
    const n = ours.n;
    const p50 = pct(ours.extra, 50);
    const max = pct(ours.extra, 100);
    const perTick = Math.ceil(n / cloud.batch);
    const mark = (ok: boolean | undefined) => (ok === undefined ? "n/a" : ok ? "met" : "NOT MET");
    const rows: string[][] = [
        ["target at N=" + n + (ours.seed ? `, ${ours.seed} other images` : ""), "measured", "target", ""],
        ["describe/list calls", `${ours.describeCalls} (baseline ${base?.describeCalls ?? "-"})`, "fewer than the baseline", mark(base ? ours.describeCalls < base.describeCalls : undefined)],
        ["describe/list calls per tick", num(ours.readsPerTick, 1), `<= ${perTick} (waiting images / batch of ${cloud.batch}) + finds`, mark(ours.readsPerTick <= perTick + 1)],
        ["write calls per image", num(ours.writeCalls / n, 2), "<= 2 (the import and one seal)", mark(ours.writeCalls / n <= 2)],
        ["throttle errors surfaced", String(ours.surfaced), "0", mark(ours.surfaced === 0)],
        ["extra latency p50", sec(p50), `<= ${sec(TICK_MS)} (1 tick)`, mark(p50 === undefined ? undefined : p50 <= TICK_MS)],
        ["extra latency max", sec(max), `<= ${sec(2 * TICK_MS)} (2 ticks)`, mark(max === undefined ? undefined : max <= 2 * TICK_MS)],
        ["makespan", sec(ours.makespanMs), `(N/${IMPORTS_PER_SECOND}/s + ${IMPORT_MS / 1000} s + 1 tick = ${sec((n / IMPORTS_PER_SECOND) * 1000 + IMPORT_MS + TICK_MS)})`, ""],
        [
            "host memory above bare host",
            ours.rssAboveBareMb === undefined ? "-" : `${num(ours.rssAboveBareMb, 1)} MB`,
            "<= 20 MB",
            mark(ours.rssAboveBareMb === undefined ? undefined : ours.rssAboveBareMb <= 20),
        ],
    ];
    console.log(`\nTargets, ${cloud.identity.title} (N=${n}, imports of ${IMPORT_MS / 1000} s)\n${table(rows)}`);
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
    const valueOf = (flag: string) => {
        const i = args.indexOf(flag);
        if (i < 0) return undefined;
        const v = args[i + 1];
        if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
        args.splice(i, 2);
        return v;
    };
    const cloudArg = valueOf("--cloud") ?? "cvm";
    const seeds = (valueOf("--seed") ?? "0,5000").split(",").map(Number);
    const flags = new Set(args.filter((a) => a.startsWith("--")));
    for (const f of flags) if (!["--no-long", "--long-only", "--sequential"].includes(f)) throw new Error(`unknown option ${f}`);
    const clouds = cloudArg === "all" ? Object.keys(BENCH_CLOUDS) : [cloudArg];
    for (const c of clouds) if (!BENCH_CLOUDS[c]) throw new Error(`--cloud must be one of ${Object.keys(BENCH_CLOUDS).join(", ")} or all, got "${c}"`);
    if (seeds.some((x) => !Number.isInteger(x) || x < 0)) throw new Error("--seed takes whole numbers of unrelated images, such as 0,5000");
    const given = args.filter((a) => !a.startsWith("--")).map(Number);
    if (given.some((n) => !Number.isInteger(n) || n < 1 || n > 500)) throw new Error("N must be a whole number from 1 to 500");
    const ns = flags.has("--long-only") ? [] : given.length ? given : [1, 10, 100, 300];
    const long = !flags.has("--no-long");
    const both = <A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> =>
        flags.has("--sequential") ? a().then(async (x) => [x, await b()] as [A, B]) : Promise.all([a(), b()]);
    const began = Date.now();
    for (const key of clouds) {
        const cloud = BENCH_CLOUDS[key];
        const providerText = Object.values(await captureSerializedProviders(() => cloud.construct()))[0];
        if (!providerText) throw new Error(`could not capture the serialized provider of ${cloud.identity.resource}`);
        // A bare host: started and configured like the others, never given a resource.
        const { emu: idleEmu, close: closeIdleEmu } = await newEmulator(IMPORT_MS, 0);
        const bare = await startHost(cloud.config(idleEmu));
        console.log(
            `\nbench ${cloud.identity.title}: ${ns.length ? `N = ${ns.join(", ")} concurrent creates, imports of ${IMPORT_MS / 1000} s, with ${seeds.join(" and ")} unrelated images in the account` : ""}` +
                `${ns.length && long ? "; " : ""}${long ? `N = ${LONG_N} imports of ${LONG_IMPORT_MS / 3600_000} h, fast-forwarded` : ""}. Rate limits on, default poll intervals.`,
        );
        for (const seed of seeds) {
            const ours = new Map<number, RunResult>();
            const base = new Map<number, RunResult>();
            const shortRuns = async () => {
                for (const n of ns) {
                    const t = Date.now();
                    const [o, b] = await both(
                        () => runOurs(cloud, seed, n, IMPORT_MS, providerText, bare),
                        () => runBaseline(cloud, seed, n, IMPORT_MS),
                    );
                    ours.set(n, o);
                    base.set(n, b);
                    console.log(`  N=${n}, ${seed} other images: done in ${sec(Date.now() - t)} (ours ${sec(o.makespanMs)}, baseline ${sec(b.makespanMs)})`);
                }
            };
            let longOurs: RunResult | undefined;
            let longBase: RunResult | undefined;
            const longRuns = async () => {
                if (!long || seed !== seeds[0]) return;
                const t = Date.now();
                [longOurs, longBase] = await both(
                    () => runOurs(cloud, seed, LONG_N, LONG_IMPORT_MS, providerText, bare),
                    () => runBaseline(cloud, seed, LONG_N, LONG_IMPORT_MS),
                );
                console.log(`  long imports: done in ${sec(Date.now() - t)}`);
            };
            // The long imports mostly wait (their poller backs off), so by default they run beside the short ones.
            await both(shortRuns, longRuns);
            if (ns.length) {
                printRuns(`${cloud.identity.title}, imports of ${IMPORT_MS / 1000} s, ${seed} unrelated images in the account (baseline: one describe per image, 3 s then every 10 s, throttles retried)`, ns, ours, base);
                const at = ours.get(100);
                if (at) printTargets(cloud, at, base.get(100));
                else console.log("\nTargets are stated at N=100; run with N=100 to see them.");
            }
            if (longOurs || longBase) printLong(longOurs, longBase);
        }
        await release(bare.close);
        await release(closeIdleEmu);
    }
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
