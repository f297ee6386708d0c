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
