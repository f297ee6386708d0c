import * as fs from "fs";
import * as path from "path";
import { typeCheckAsConsumer } from "../support/consumer";

const ROOT = path.resolve(__dirname, "../..");

/** One ```ts block of a page: where it starts (the line of its first line of code) and its text. */
interface Snippet {
    page: string;
    line: number;
    code: string;
    /** The file the test writes it to, named after where it comes from. */
    file: string;
}

/**
 * Every ```ts block of README.md and docs/*.md. A block whose info string says `nocheck` (```ts nocheck) is
 * left out: for code that is not meant to compile on its own.
 */
function snippets(): { checked: Snippet[]; skipped: { page: string; line: number }[] } {
    const pages = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
    const checked: Snippet[] = [];
    const skipped: { page: string; line: number }[] = [];
    for (const page of pages) {
        const lines = fs.readFileSync(path.join(ROOT, page), "utf8").split("\n");
        for (let i = 0; i < lines.length; i++) {
            const open = /^```(ts|typescript)(?:\s+(.*))?$/.exec(lines[i].trimEnd());
            if (!open) continue;
            const end = lines.findIndex((l, j) => j > i && l.trimEnd() === "```");
            if (end < 0) throw new Error(`${page}:${i + 1}: a \`\`\`ts block that never ends`);
            const start = i + 2;
            if ((open[2] ?? "").split(/\s+/).includes("nocheck")) skipped.push({ page, line: start });
            else checked.push({ page, line: start, code: lines.slice(i + 1, end).join("\n") + "\n", file: `${page.replace(/[/.]/g, "_")}_line${start}.ts` });
            i = end;
        }
    }
    return { checked, skipped };
}

/**
 * Every TypeScript block of the README and of the resource pages compiles on its own, in a project of its
 * own that resolves `pulumi-image-import` to the built package (dist/, as consumer-types.test.ts does), the
 * way a user pastes it: each block is one file, so a block that leans on a name of another block (an
 * import it lacks, a `const image` declared elsewhere) fails, and so does a block whose names clash with
 * another's when it is no module.
 */
test("every ```ts block of README.md and docs/*.md type-checks against the built package", () => {
    const { checked, skipped } = snippets();
    // The README's four resources and each resource page: a change to the extraction that finds nothing fails.
    expect(checked.length).toBeGreaterThanOrEqual(8);
    for (const page of ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith("ImportedImage.md")).map((f) => `docs/${f}`)]) {
        expect(checked.map((s) => s.page)).toContain(page);
    }
    // Used sparingly: at most one block a page.
    expect(skipped.length).toBeLessThanOrEqual(2);

    const output = typeCheckAsConsumer(Object.fromEntries(checked.map((s) => [s.file, s.code])), { module: "node16", moduleResolution: "node16", target: "ES2022" });
    // Each error at the page's own line: "README.md:89 (the block at line 85): error TS2304: ...".
    const errors = output
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => {
            const m = /^(.+?\.ts)\((\d+),(\d+)\): (.*)$/.exec(l);
            const s = m && checked.find((c) => c.file === m[1]);
            return s && m ? `${s.page}:${s.line + Number(m[2]) - 1}:${m[3]} (the block at line ${s.line}): ${m[4]}` : l;
        });
    expect(errors).toEqual([]);
}, 120_000);
