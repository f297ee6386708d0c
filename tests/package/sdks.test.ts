/**
 * The Go and Python SDKs generated from schema.json by tools/pulumi-sdkgen: the Go one compiles against
 * github.com/pulumi/pulumi/sdk/v3 from the Go module proxy, the Python one byte-compiles. (No Pulumi Python
 * SDK can be installed here, with no PyPI: a Python program cannot run, and is not claimed to.)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { generateSdk } from "../support/sdk";

const GO_SDK = "v3.274.1";

test("the generated Go SDK builds with go build against sdk/v3 from the module proxy", async () => {
    const out = await generateSdk("go");
    try {
        const pkg = path.join(out, "imageimport");
        expect(fs.existsSync(path.join(pkg, "tencentCvmImportedImage.go"))).toBe(true);
        fs.writeFileSync(path.join(out, "go.mod"), `module github.com/pulumi-image-import/pulumi-image-import/sdk/go\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${GO_SDK}\n`);
        const env = { ...process.env, GOFLAGS: "-mod=mod" };
        execFileSync("go", ["mod", "tidy"], { cwd: out, env, stdio: ["ignore", "pipe", "pipe"] });
        // The CLI's build flags, so the sdk/v3 packages it compiled are reused.
        execFileSync("go", ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "./..."], { cwd: out, env, stdio: ["ignore", "pipe", "pipe"] });
        execFileSync("go", ["vet", "-tags", "osusergo,grpcnotrace", "./..."], { cwd: out, env, stdio: ["ignore", "pipe", "pipe"] });
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}, 600_000);

test("the generated Python SDK byte-compiles", async () => {
    const out = await generateSdk("python");
    try {
        const files: string[] = [];
        const walk = (d: string) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                if (e.isDirectory()) walk(path.join(d, e.name));
                else if (e.name.endsWith(".py")) files.push(path.join(d, e.name));
            }
        };
        walk(out);
        expect(files.map((f) => path.relative(out, f))).toEqual(expect.arrayContaining(["pulumi_image_import/tencent_cvm_imported_image.py", "pulumi_image_import/provider.py", "setup.py"]));
        execFileSync("python3", ["-m", "py_compile", ...files], { stdio: ["ignore", "pipe", "pipe"] });
        // The version the plugin reports, so the engine picks this plugin for the SDK's resources.
        expect(fs.readFileSync(path.join(out, "setup.py"), "utf8")).toContain(`VERSION = "${require("../../package.json").version}"`);
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
});
