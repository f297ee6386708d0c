#!/usr/bin/env node
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { startEmulator } from "./index";
import { toDotenvLines, toExportLines } from "./env";
import { ENS_NOT_FOUND_MODES, type EnsNotFoundMode } from "./alicloud-ens/errors";

/** The command as the user typed it: the npm script, the package's bin, or node and the file. */
function invokedAs(): string {
    if (process.env.npm_lifecycle_event === "emulator") return "npm run emulator --";
    const script = path.basename(process.argv[1] ?? "");
    return /^cli\.[jt]s$/.test(script) ? `node ${path.relative(process.cwd(), process.argv[1])}` : script || "pulumi-image-import-emulator";
}

const USAGE = `Usage: ${invokedAs()} [options]
  --port N                 port on 127.0.0.1 (0 = any free port; default 0)
  --write-env FILE         also write the variables that point the provider at the emulator to FILE, once it
                           listens; the file is removed when the emulator stops
  --env-format FORMAT      export (default: \`export NAME=value\` lines for \`source\`) or dotenv (NAME=value
                           lines, as $GITHUB_ENV and dotenv files take them)
  --state FILE             keep state in FILE so a restart keeps the images
  --import-ms N            how long an import takes (default 1500)
  --import-ms-for M=N      sources containing M take N ms (repeatable)
  --failure-marker S       sources containing S fail to import (default "fail"; "" disables)
  --listing-lag-ms N       new images stay out of every cloud's listings (not by-id look-ups) for N ms
  --lookup-lag-ms N        new images are missing from by-id look-ups too for N ms (a lagging replica)
  --seed-images N          every cloud starts with N unrelated ready images in its first account (an
                           account with a history); they count against --quota, which must exceed N
  --ecm-src-image MODE     what ECM reports in an imported image's SrcImage: empty (default, as the
                           published example) or filled (the CVM image's id and region)
  --no-rate-limits         never answer with throttle errors
  --signatures strict|off  verify signatures and timestamps (default strict)
  --quota N                custom images per account and region (default 500)
  --jd-task-shape SHAPE    JD import answers: current (default; string taskId, the reason in errorInfo)
                           or older (integer importTaskId, action ImportImageTask, the reason in message)
  --jd-snapshot-quota N    JD snapshots per account and region, leftovers included (default 500)
  --jd-deleting-ms N       how long a deleted JD image stays "deleting" before it is gone (default 2000)
  --ens-not-found MODE     what ENS DeleteImage/ModifyImageAttribute answer for an unknown image id:
                           400 (default, as published), success (nothing done) or 404 (InvalidImageId.NotFound)
  --ens-settle-ms N        ENS listings show a rename or a delete only after N ms (default 500; 0 = at once)`;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            port: { type: "string", default: "0" },
            "write-env": { type: "string" },
            "env-format": { type: "string" },
            state: { type: "string" },
            "import-ms": { type: "string" },
            "import-ms-for": { type: "string", multiple: true },
            "failure-marker": { type: "string" },
            "listing-lag-ms": { type: "string" },
            "lookup-lag-ms": { type: "string" },
            "seed-images": { type: "string" },
            "ecm-src-image": { type: "string" },
            "no-rate-limits": { type: "boolean" },
            signatures: { type: "string" },
            quota: { type: "string" },
            "jd-task-shape": { type: "string" },
            "jd-snapshot-quota": { type: "string" },
            "jd-deleting-ms": { type: "string" },
            "ens-not-found": { type: "string" },
            "ens-settle-ms": { type: "string" },
            help: { type: "boolean" },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const num = (flag: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a whole number, got "${v}"`);
        return n;
    };
    const importDelayBySource: Record<string, number> = {};
    for (const rule of values["import-ms-for"] ?? []) {
        // The marker may itself hold "=" (a query string): the duration follows the last one.
        const at = rule.lastIndexOf("=");
        const [marker, ms] = at < 0 ? [rule, undefined] : [rule.slice(0, at), rule.slice(at + 1)];
        if (!marker || ms === undefined) throw new Error(`--import-ms-for takes MARKER=MS, got "${rule}"`);
        importDelayBySource[marker] = num("import-ms-for", ms)!;
    }
    if (values.signatures && !["strict", "off"].includes(values.signatures)) throw new Error("--signatures must be strict or off");
    const srcImageMode = (v: string | undefined) => {
        if (v !== undefined && v !== "empty" && v !== "filled") throw new Error(`--ecm-src-image must be empty or filled, got "${v}"`);
        return v;
    };
    const ensNotFound = (v: string | undefined) => {
        if (v !== undefined && !(ENS_NOT_FOUND_MODES as readonly string[]).includes(v)) {
            throw new Error(`--ens-not-found must be one of ${ENS_NOT_FOUND_MODES.join(", ")}, got "${v}"`);
        }
        return v as EnsNotFoundMode | undefined;
    };
    const jdTaskShape = (v: string | undefined) => {
        if (v !== undefined && v !== "current" && v !== "older") throw new Error(`--jd-task-shape must be current or older, got "${v}"`);
        return v;
    };
    const format = values["env-format"] ?? "export";
    if (format !== "export" && format !== "dotenv") throw new Error(`--env-format must be export or dotenv, got "${format}"`);
    const emu = await startEmulator({
        port: num("port", values.port),
        stateFile: values.state,
        importDelayMs: num("import-ms", values["import-ms"]),
        importDelayBySource,
        failureMarker: values["failure-marker"],
        listingLagMs: num("listing-lag-ms", values["listing-lag-ms"]),
        lookupLagMs: num("lookup-lag-ms", values["lookup-lag-ms"]),
        seedImages: num("seed-images", values["seed-images"]),
        ecmSourceImage: srcImageMode(values["ecm-src-image"]),
        rateLimits: values["no-rate-limits"] ? false : undefined,
        signatures: values.signatures as "strict" | "off" | undefined,
        imageQuota: num("quota", values.quota),
        jdcloudTaskShape: jdTaskShape(values["jd-task-shape"]),
        jdcloudSnapshotQuota: num("jd-snapshot-quota", values["jd-snapshot-quota"]),
        jdcloudDeletingMs: num("jd-deleting-ms", values["jd-deleting-ms"]),
        ensNotFound: ensNotFound(values["ens-not-found"]),
        ensSettleMs: num("ens-settle-ms", values["ens-settle-ms"]),
    });
    const lines = format === "dotenv" ? toDotenvLines(emu.env) : toExportLines(emu.env);
    const envFile = values["write-env"];
    if (envFile) {
        // Atomically, so a script waiting for the file never reads half of it.
        const tmp = `${envFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, lines);
        fs.renameSync(tmp, envFile);
    }
    process.stdout.write(lines);
    console.log(`# pulumi-image-import emulator listening on ${emu.url} (control interface: ${emu.url}/__emu/)`);
    const stop = async () => {
        // A file left behind would point the next run at an emulator that is gone.
        if (envFile) fs.rmSync(envFile, { force: true });
        await emu.close();
        process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

main().catch((e) => {
    console.error(`emulator: ${e instanceof Error ? e.message : e}\n\n${USAGE}`);
    process.exit(2);
});
