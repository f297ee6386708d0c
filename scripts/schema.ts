/**
 * `npm run schema`: writes the plugin's package schema (provider/plugin/schema.ts, generated from the cloud
 * schemas) to schema.json, which `pulumi package gen-sdk` and the SDK generator read. `--check` writes nothing
 * and fails when the committed file is not what the schema says (npm test runs it).
 */
import * as fs from "fs";
import * as path from "path";
import { packageSchema } from "../provider/plugin/schema";

const ROOT = path.resolve(__dirname, "../..");
export const SCHEMA_FILE = path.join(ROOT, "schema.json");

export function schemaText(): string {
    return `${JSON.stringify(packageSchema(), null, 2)}\n`;
}

if (require.main === module) {
    const text = schemaText();
    if (process.argv.includes("--check")) {
        const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
        if (committed !== text) {
            console.error("schema.json is not what the cloud schemas say: run `npm run schema` and commit it");
            process.exit(1);
        }
    } else {
        fs.writeFileSync(SCHEMA_FILE, text);
        console.error(`wrote ${path.relative(process.cwd(), SCHEMA_FILE) || SCHEMA_FILE}`);
    }
}
