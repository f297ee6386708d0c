import { ConfigError } from "../../provider/core/errors";
import { Settings } from "../../provider/core/settings";
import { tencentClientConfig } from "../../provider/tencent/connection";

const creds = { "tencentcloud:secretId": "AKIDx", "tencentcloud:secretKey": "key" };
const settings = (config: Record<string, string>, env: NodeJS.ProcessEnv = {}) => new Settings({ get: (k) => config[k] }, env);
const endpointOf = (s: Settings, region: string) => {
    const { httpProfile } = tencentClientConfig(s, "cvm", region).config.profile;
    return `${httpProfile.protocol}${httpProfile.endpoint}`;
};

test("the public domain by default", () => {
    expect(endpointOf(settings(creds), "ap-guangzhou")).toBe("https://cvm.tencentcloudapi.com");
});

test("finance regions use their regional domain", () => {
    expect(endpointOf(settings(creds), "ap-shanghai-fsi")).toBe("https://cvm.ap-shanghai-fsi.tencentcloudapi.com");
});

test("the international site is chosen in config", () => {
    expect(endpointOf(settings({ ...creds, "tencentcloud:international": "true" }), "ap-singapore")).toBe("https://cvm.intl.tencentcloudapi.com");
    expect(endpointOf(settings({ ...creds, "tencentcloud:domain": "tencentcloudapi.example" }), "ap-singapore")).toBe("https://cvm.tencentcloudapi.example");
});

test("one override points everything at the emulator, config before environment", () => {
    expect(endpointOf(settings(creds, { IMAGE_IMPORT_ENDPOINT: "http://127.0.0.1:4566" }), "ap-shanghai-fsi")).toBe("http://127.0.0.1:4566");
    expect(endpointOf(settings({ ...creds, "imageImport:endpoint": "http://127.0.0.1:1" }, { IMAGE_IMPORT_ENDPOINT: "http://127.0.0.1:2" }), "ap-guangzhou")).toBe("http://127.0.0.1:1");
    expect(() => endpointOf(settings({ ...creds, "imageImport:endpoint": "127.0.0.1:1" }), "ap-guangzhou")).toThrow(
        /imageImport:endpoint \(or IMAGE_IMPORT_ENDPOINT\) must be an http\(s\) URL/,
    );
});

test("credentials: config, else TENCENTCLOUD_* variables with the session token, never mixed; never in the error", () => {
    const fromEnv = tencentClientConfig(settings({}, { TENCENTCLOUD_SECRET_ID: "AKIDenv", TENCENTCLOUD_SECRET_KEY: "envkey", TENCENTCLOUD_SESSION_TOKEN: "tok" }), "cvm", "ap-guangzhou");
    expect(fromEnv.config.credential).toEqual({ secretId: "AKIDenv", secretKey: "envkey", token: "tok" });
    expect(tencentClientConfig(settings(creds, { TENCENTCLOUD_SECRET_ID: "AKIDenv" }), "cvm").config.credential.secretId).toBe("AKIDx");
    // Keys from config never pick up a session token left in the shell.
    expect(tencentClientConfig(settings(creds, { TENCENTCLOUD_SESSION_TOKEN: "stale" }), "cvm").config.credential.token).toBeUndefined();
    expect(fromEnv.account).not.toContain("AKIDenv");
    let error: unknown;
    try {
        tencentClientConfig(settings({ "tencentcloud:secretId": "AKIDonly" }), "cvm");
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/Incomplete Tencent Cloud credentials: tencentcloud:secretKey is not set \(tencentcloud:secretId is\)/);
    expect(String(error)).not.toContain("AKIDonly");
    expect(() => tencentClientConfig(settings({}), "cvm")).toThrow(/No Tencent Cloud credentials: run `pulumi config set tencentcloud:secretId/);
});
