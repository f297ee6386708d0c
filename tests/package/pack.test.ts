import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** What `npm publish` would upload, as npm itself lists it (no build: `npm test` has built dist/ already). */
function packed(): { files: string[]; size: number } {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const [pack] = JSON.parse(out) as { files: { path: string }[]; size: number }[];
    return { files: pack.files.map((f) => f.path), size: pack.size };
}

test("the package holds the runtime, its typings, the provider plugin and its schema, the emulator and the papers (the resource pages too); nothing of the tests, tools or sources", () => {
    const { files, size } = packed();
    for (const f of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "schema.json", "dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/runtime.js", "dist/provider/plugin/main.js", "dist/emulator/index.js", "dist/emulator/cli.js"]) {
        expect(files).toContain(f);
    }
    for (const page of fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"))) expect(files).toContain(`docs/${page}`);
    const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|schema\.json)$/.test(f) && !/^dist\/(provider|emulator)\/.+\.(js|d\.ts)$/.test(f) && !/^docs\/[^/]+\.md$/.test(f));
    expect(stray).toEqual([]);
    // A gzipped tarball a user downloads with every install.
    expect(size).toBeLessThan(400_000);
});

/** The relative links of a Markdown page (not web addresses, not anchors within the page), without their anchor. */
function relativeLinks(page: string): string[] {
    const text = fs.readFileSync(path.join(ROOT, page), "utf8");
    return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1].split("#")[0]).filter((l) => l && !/^[a-z]+:/i.test(l));
}

test("the README's and the resource pages' links to one another resolve inside the package, as npm and an installed copy show them", () => {
    const { files } = packed();
    const pages = ["README.md", ...files.filter((f) => f.startsWith("docs/"))];
    const links = pages.flatMap((page) =>
        relativeLinks(page).map((link) => ({ page, target: path.posix.normalize(path.posix.join(path.posix.dirname(page), link)).replace(/\/$/, "") })),
    );
    const toPapers = links.filter((l) => /^(docs(\/|$)|README\.md$|CHANGELOG\.md$|LICENSE$)/.test(l.target));
    expect(toPapers.length).toBeGreaterThanOrEqual(8);
    for (const { page, target } of toPapers) expect([page, target, files.some((f) => f === target || f.startsWith(`${target}/`))]).toEqual([page, target, true]);
});

test("package.json says what a registry and a user need", () => {
    const pkg = require(path.join(ROOT, "package.json"));
    expect(pkg).toMatchObject({ license: "Apache-2.0", repository: { type: "git" }, homepage: expect.any(String), bugs: expect.any(Object) });
    expect(pkg.keywords).toEqual(expect.arrayContaining(["pulumi"]));
    // One @pulumi/pulumi in a program: the program's own.
    expect(pkg.peerDependencies["@pulumi/pulumi"]).toMatch(/^\^3\./);
    expect(pkg.dependencies["@pulumi/pulumi"]).toBeUndefined();
    // Ranges from the tested versions, never one exact version only.
    for (const [name, range] of Object.entries<string>(pkg.dependencies)) expect([name, range]).toEqual([name, expect.stringMatching(/^[\^~]\d/)]);
});

test("the emulator's test keys, which the package ships, have no cloud's key shape that secret scanners look for", () => {
    const { TEST_CREDENTIALS } = require(path.join(ROOT, "dist/emulator"));
    const keys = Object.values<{ id: string; secret: string }[]>(TEST_CREDENTIALS).flat();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    // Tencent SecretIds (AKID...), Alibaba AccessKey ids (LTAI...), JD Cloud keys (JDC_...), AWS-style ids.
    for (const { id, secret } of keys) for (const k of [id, secret]) expect(k).not.toMatch(/^(AKID|LTAI|JDC_|AKIA)/);
});
