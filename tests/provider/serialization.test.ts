import * as path from "path";
import { captureSerializedProviders as capture } from "../../drivers/serialized";

const ROOT = path.resolve(__dirname, "../..");
const BUDGET = 4096;

test("the serialized provider is a small shim with no secrets that re-loads like the host does", async () => {
    process.env.TENCENTCLOUD_SECRET_KEY = "captured-secret-key-value";
    // Required after setMocks so the resource module registers with the mocked runtime.
    const { TencentCvmImportedImage } = require("../../provider");
    const texts = await capture(() => {
        for (let i = 0; i < 3; i++) {
            new TencentCvmImportedImage(`img${i}`, {
                region: "ap-guangzhou",
                imageName: `n${i}`,
                imageUrl: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a.qcow2?q-signature=SIGNATURE",
                osType: "CentOS",
                osVersion: "7",
                architecture: "x86_64",
            });
        }
    });
    expect(Object.keys(texts).sort()).toEqual(["img0", "img1", "img2"]);
    const text = texts.img0;
    expect(typeof text).toBe("string");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(BUDGET);
    // Every resource shares one serialized provider text.
    expect(new Set(Object.values(texts)).size).toBe(1);
    expect(text).not.toContain("captured-secret-key-value");
    expect(text).not.toContain("SIGNATURE");
    // Only bare specifiers and built-ins: no deep paths into node_modules that break on upgrades.
    const requires = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    expect(requires).toEqual(new Set(["module", "path"]));
    // The runtime is loaded by its bare package name, through createRequire from the project directory.
    expect(text).toContain('("pulumi-image-import/runtime")');
    expect(text).not.toMatch(/node_modules/);

    // Re-load it the way cmd/dynamic-provider does: require-from-string, then handler(), from the project dir.
    const requireFromString = require("require-from-string");
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
        const provider = requireFromString(text).handler();
        await provider.configure({ config: { get: () => undefined } });
        const result = await provider.check({}, { imageName: "x" });
        expect(result.failures.map((f: { property: string }) => f.property)).toContain("imageUrl");
    } finally {
        process.chdir(cwd);
        delete process.env.TENCENTCLOUD_SECRET_KEY;
    }
});
