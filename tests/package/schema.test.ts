import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CLOUD_DEFINITIONS } from "../../provider/clouds";
import { CONFIG_VARIABLES } from "../../provider/plugin/config";
import { packageSchema, pluginTypeOf } from "../../provider/plugin/schema";

const ROOT = path.resolve(__dirname, "../..");

test("schema.json is the package schema the cloud schemas make (npm run schema)", () => {
    try {
        execFileSync(process.execPath, [path.join(ROOT, "dist/scripts/schema.js"), "--check"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        throw new Error(`schema.json is out of date: ${(e as { stderr?: string }).stderr}`);
    }
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"))).toEqual(packageSchema());
});

test("every cloud's resource, with its inputs' types, enums, secrets, replacements and outputs", () => {
    const schema = packageSchema() as any;
    for (const def of Object.values(CLOUD_DEFINITIONS)) {
        const r = schema.resources[pluginTypeOf(def)];
        expect(Object.keys(r.inputProperties).sort()).toEqual(Object.keys(def.schema.inputs).sort());
        for (const [key, spec] of Object.entries(def.schema.inputs)) {
            const p = r.inputProperties[key];
            expect(p.description).toContain(spec.doc.replace(/\.$/, ""));
            expect(Boolean(p.replaceOnChanges)).toBe(spec.change === "replace");
            expect(Boolean(p.secret)).toBe(spec.secret === "presigned-url");
            if (spec.oneOf) expect(schema.types[p.$ref.replace("#/types/", "")].enum.map((e: { value: string }) => e.value)).toEqual(spec.oneOf);
        }
        for (const key of Object.keys(def.schema.outputs)) expect(r.properties[key]).toBeDefined();
    }
    expect(schema.resources["image-import:index:TencentCvmImportedImage"].inputProperties.imageUrl.secret).toBe(true);
});

test("the provider's configuration: one variable per setting, secrets secret, an explicit provider takes the same", () => {
    const schema = packageSchema() as any;
    expect(Object.keys(schema.config.variables)).toEqual(CONFIG_VARIABLES.map((v) => v.name));
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    for (const v of CONFIG_VARIABLES) expect(Boolean(schema.config.variables[v.name].secret)).toBe(Boolean(v.secret));
    expect(schema.config.variables.tencentcloudSecretKey.secret).toBe(true);
});
