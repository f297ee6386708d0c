import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The two install routes the README gives while the package is not on the registry, run as a user runs them,
 * each into a fresh project of its own: a tarball from `npm pack`, and a git URL, which makes npm clone the
 * repository, install its devDependencies and run its `prepare` script (the build) before it packs it. The
 * git URL is a `git+file://` one of a repository holding the work tree as it is (committed or not), so that
 * what is tested is what is here. Both need the npm registry for the dependencies (npm's cache serves most).
 */
let work: string;

function npm(args: string[], cwd: string): string {
    return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function git(args: string[], cwd: string): string {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" } });
}

/** A project of a user's, with nothing in it yet. */
function project(name: string): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true }));
    return dir;
}

/** What a user checks after an install: the package loads with its typings and pages, and its bin runs. */
function expectInstalled(dir: string): void {
    const installed = path.join(dir, "node_modules", "pulumi-image-import");
    const exported = execFileSync(process.execPath, ["-e", 'process.stdout.write(Object.keys(require("pulumi-image-import")).join(","))'], { cwd: dir, encoding: "utf8" });
    expect(exported.split(",").sort()).toEqual(["AlicloudEnsImportedImage", "JdcloudVmImportedImage", "TencentCvmImportedImage", "TencentEcmImportedImage"]);
    for (const f of ["dist/provider/index.d.ts", "dist/emulator/cli.js", "docs/TencentCvmImportedImage.md", "README.md"]) expect([f, fs.existsSync(path.join(installed, f))]).toEqual([f, true]);
    expect(execFileSync(path.join(dir, "node_modules", ".bin", "pulumi-image-import-emulator"), ["--help"], { encoding: "utf8" })).toMatch(/--write-env FILE/);
}

beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "image-import-install-"));
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("npm pack, then npm install ./pulumi-image-import-<version>.tgz @pulumi/pulumi", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    // `npm test` has built dist/ already: pack without running prepare again.
    const tarball = npm(["pack", "--ignore-scripts", "--pack-destination", work], ROOT).trim().split("\n").pop()!;
    expect(tarball).toBe(`pulumi-image-import-${version}.tgz`);
    const dir = project("from-tarball");
    npm(["install", `../${tarball}`, "@pulumi/pulumi"], dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies["pulumi-image-import"]).toBe(`file:../${tarball}`);
    expectInstalled(dir);
}, 300_000);

test('npm install "git+file://<clone>#<branch>" @pulumi/pulumi: a git URL builds the package with its prepare script', () => {
    // The work tree's files (tracked and new, not ignored: no dist/, no node_modules/) in a repository of their own.
    const repo = path.join(work, "repo");
    fs.mkdirSync(repo);
    const files = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
        .split("\0")
        .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(repo, f));
    }
    expect(files).not.toContain("dist/provider/index.js");
    git(["init", "-q", "-b", "work"], repo);
    git(["add", "-A"], repo);
    git(["commit", "-q", "-m", "the work tree"], repo);

    const dir = project("from-git");
    npm(["install", `git+file://${repo}#work`, "@pulumi/pulumi"], dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies["pulumi-image-import"]).toBe(`git+file://${repo}#work`);
    // Built by prepare in npm's clone: the repository has no dist/.
    expectInstalled(dir);
    // The package alone, as the tarball: no devDependency comes along.
    expect(fs.existsSync(path.join(dir, "node_modules", "typescript"))).toBe(false);
}, 300_000);
