import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

test("every resource page's inputs and outputs tables are what its schema says", () => {
    try {
        execFileSync(process.execPath, [path.join(ROOT, "dist/scripts/docs.js"), "--check"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        throw new Error(`docs/ is out of date: ${(e as { stderr?: string }).stderr}`);
    }
});

test("the README links every resource page", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const page of fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith("ImportedImage.md"))) expect(readme).toContain(`docs/${page}`);
});

test("the CVM page states the tag and data-disk limits its schema checks", () => {
    const { CVM_SCHEMA } = require("../../provider/tencent-cvm/schema") as typeof import("../../provider/tencent-cvm/schema");
    const page = fs.readFileSync(path.join(ROOT, "docs/TencentCvmImportedImage.md"), "utf8");
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    const checkTags = (v: unknown) => CVM_SCHEMA.inputs.tags.check(v);
    expect(page).toContain("at most 49 tags");
    expect(checkTags(tags(49))).toBeUndefined();
    expect(checkTags(tags(50))).toMatch(/at most 49/);
    expect(page).toContain("1 to 127 characters");
    expect(checkTags({ ["k".repeat(127)]: "v" })).toBeUndefined();
    expect(checkTags({ ["k".repeat(128)]: "v" })).toMatch(/1 to 127/);
    expect(page).toMatch(/`qcloud`, `tencent` or\s+`project`/);
    for (const key of ["qcloud:a", "Tencent-b", "PROJECT"]) expect(checkTags({ [key]: "v" })).toMatch(/reserved/);
    expect(page).toContain("at most 255 characters");
    expect(checkTags({ k: "v".repeat(255) })).toBeUndefined();
    expect(checkTags({ k: "v".repeat(256) })).toMatch(/at most 255/);
    const url = "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/d.qcow2";
    const checkDisks = (n: number, region = "ap-guangzhou") => CVM_SCHEMA.inputs.dataDiskUrls.check(Array(n).fill(url), { region });
    expect(page).toContain("at most 10 data-disk images");
    expect(checkDisks(10)).toBeUndefined();
    expect(checkDisks(11)).toMatch(/at most 10/);
    expect(page).toContain("bucket of the image's own `region`");
    expect(checkDisks(1, "ap-shanghai")).toMatch(/COS region ap-guangzhou/);
});

test("the README and the pages name Tencent's site settings under imageImport:, the older names only as moved", () => {
    for (const page of ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)]) {
        const text = fs.readFileSync(path.join(ROOT, page), "utf8");
        // Paragraphs, so that a sentence broken over lines counts as one.
        for (const paragraph of text.split(/\n\s*\n/)) if (/`tencentcloud:(international|domain)`/.test(paragraph)) expect([page, paragraph]).toEqual([page, expect.stringMatching(/moved/)]);
    }
});
