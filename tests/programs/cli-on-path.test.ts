import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { acceptedVersion, cliOnPath, ensurePulumiCli, existingCli, minimumVersion, pinnedVersion, CLI_VARIABLE } from "../../scripts/pulumi-cli";
import { makeConsumerProject, startProgram } from "../support/programs";
import { expectOk, requireCli } from "../support/pulumi";

/**
 * A `pulumi` already on PATH is used when its `pulumi version` is one the tests take (the pinned major, at
 * least the pinned minor) and the pinned build is not there; nothing is built then. The CLI on PATH here is
 * the real one (a symlink to the built binary, in a folder of another name, as a distribution's symlink in
 * /usr/local/bin is); the pinned build is hidden by pointing PULUMI_IMAGE_IMPORT_CACHE at an empty folder.
 */
const real = requireCli();
const saved = { PATH: process.env.PATH, cache: process.env.PULUMI_IMAGE_IMPORT_CACHE, named: process.env[CLI_VARIABLE] };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-cli-path-"));

/** A PATH of `dir` first, then the system's, without the folders of the CLI the tests use otherwise. */
function pathWith(dir: string): string {
    return [dir, ...(saved.PATH ?? "").split(path.delimiter).filter((d) => d && !real.path.includes(d))].join(path.delimiter);
}

/** A stand-in `pulumi` that answers `pulumi version` with `version` and records every call. */
function standIn(dir: string, version: string): { calls: string } {
    fs.mkdirSync(dir, { recursive: true });
    const calls = path.join(dir, "calls");
    fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\necho "$@" >> '${calls}'\n[ "$1" = version ] && echo ${version}\n`, { mode: 0o755 });
    return { calls };
}

beforeEach(() => {
    delete process.env[CLI_VARIABLE];
    process.env.PULUMI_IMAGE_IMPORT_CACHE = fs.mkdtempSync(path.join(work, "empty-cache-"));
});

afterEach(() => {
    for (const [k, v] of [["PATH", saved.PATH], ["PULUMI_IMAGE_IMPORT_CACHE", saved.cache], [CLI_VARIABLE, saved.named]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("the accepted versions: the pinned major, the pinned minor or later", () => {
    expect(pinnedVersion()).toBe("v3.274.1");
    expect(minimumVersion()).toBe("v3.274.0");
    for (const v of ["v3.274.1", "v3.274.0", "v3.275.0", "v3.300.2", "3.281.0-alpha.1+dirty", "v3.274.1\n"]) expect([v, acceptedVersion(v)]).toEqual([v, true]);
    for (const v of ["v3.273.9", "v3.100.0", "v2.999.0", "v4.0.0", "", "unknown", "warning: ..."]) expect([v, acceptedVersion(v)]).toEqual([v, false]);
});

test("a real pulumi of an accepted version on PATH is chosen, with its language host, and runs a program without a build", async () => {
    const dir = path.join(work, "some-distribution", "bin");
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(real.pulumi, path.join(dir, "pulumi"));
    process.env.PATH = pathWith(dir);

    const cli = existingCli();
    expect(cli).toMatchObject({ pulumi: path.join(dir, "pulumi"), version: pinnedVersion(), origin: expect.stringContaining("found on PATH") });
    // Its own folder, the folder the symlink points at (where the language host is), then the dynamic-provider plugin.
    expect(cli!.path.slice(0, 2)).toEqual([dir, path.dirname(fs.realpathSync(real.pulumi))]);
    expect(cli!.path[2]).toMatch(/tools\/pulumi-cli$/);
    const said: string[] = [];
    expect((await ensurePulumiCli((l) => said.push(l))).pulumi).toBe(path.join(dir, "pulumi"));
    expect(said).toEqual([]);

    // The tests' own runs take it too, and a program runs on it: preview, up and destroy.
    const project = makeConsumerProject("cli-on-path");
    const run = await startProgram(project);
    try {
        expect(run.stack.cli.pulumi).toBe(path.join(dir, "pulumi"));
        const up = expectOk(await run.stack.up());
        // The language host and the plugin are the ones beside the binary: the engine does not warn of others.
        expect(up.output).not.toMatch(/from \$PATH/);
        expect(run.images()).toHaveLength(1);
        expectOk(await run.stack.destroy());
        expect(run.images()).toHaveLength(0);
    } finally {
        await run.close();
        fs.rmSync(project, { recursive: true, force: true });
    }
}, 180_000);

test("a pulumi on PATH older than the pinned minor is asked its version and passed over", () => {
    const dir = path.join(work, "old-distribution", "bin");
    const { calls } = standIn(dir, "v3.200.0");
    // A language host beside it, so that only the version decides.
    fs.symlinkSync(path.join(path.dirname(fs.realpathSync(real.pulumi)), "pulumi-language-nodejs"), path.join(dir, "pulumi-language-nodejs"));
    process.env.PATH = pathWith(dir);

    expect(existingCli()).toBeUndefined();
    expect(fs.readFileSync(calls, "utf8").trim()).toBe("version");
    expect(cliOnPath().passedOver).toBe(`${path.join(dir, "pulumi")} is v3.200.0; the tests take v3.274.0 or a later v3.x only, and v3.274.1 is pinned`);
});

test("a pulumi on PATH without a Node.js language host is passed over; a named one still comes first", () => {
    const dir = path.join(work, "no-host", "bin");
    standIn(dir, "v3.280.0");
    process.env.PATH = pathWith(dir);
    expect(existingCli()).toBeUndefined();
    expect(cliOnPath().passedOver).toMatch(/\(v3\.280\.0\) has no pulumi-language-nodejs beside it or on PATH/);

    process.env[CLI_VARIABLE] = real.pulumi;
    expect(existingCli()).toMatchObject({ pulumi: real.pulumi, origin: `${CLI_VARIABLE}=${real.pulumi}` });
});

test("nothing on PATH: no CLI without a build", () => {
    process.env.PATH = path.join(work, "nowhere");
    expect(cliOnPath()).toEqual({});
    expect(existingCli()).toBeUndefined();
});
