import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The API reference (`npm run api-docs`, typedoc, into dist/api) builds from the doc comments with every
 * exported class, interface, property and function documented: typedoc.json treats a gap as an error.
 */
test("the API reference builds, and nothing public goes undocumented", () => {
    try {
        execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--emit", "none"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        const out = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`.replace(/\x1b\[[0-9;]*m/g, "");
        throw new Error(`typedoc:\n${out}`);
    }
}, 120_000);
