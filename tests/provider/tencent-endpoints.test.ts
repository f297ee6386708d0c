import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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

test("the international site is chosen in config, in this package's namespace", () => {
    expect(endpointOf(settings({ ...creds, "imageImport:tencentcloudInternational": "true" }), "ap-singapore")).toBe("https://cvm.intl.tencentcloudapi.com");
    expect(endpointOf(settings({ ...creds, "imageImport:tencentcloudDomain": "tencentcloudapi.example" }), "ap-singapore")).toBe("https://cvm.tencentcloudapi.example");
    expect(endpointOf(settings(creds, { TENCENTCLOUD_INTERNATIONAL: "true" }), "ap-singapore")).toBe("https://cvm.intl.tencentcloudapi.com");
});

test("the old tencentcloud: keys still work, and say where the setting moved", () => {
    const notices: string[] = [];
    const s = new Settings({ get: (k) => ({ ...creds, "tencentcloud:international": "true" })[k] }, {}, (l) => notices.push(l));
    expect(endpointOf(s, "ap-singapore")).toBe("https://cvm.intl.tencentcloudapi.com");
    expect(notices).toEqual([expect.stringMatching(/^tencentcloud:international is deprecated: set imageImport:tencentcloudInternational instead/)]);
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
    const fixed = (s: Settings) => tencentClientConfig(s, "cvm").config.credential as { secretId: string; token?: string };
    expect(fixed(settings(creds, { TENCENTCLOUD_SECRET_ID: "AKIDenv" })).secretId).toBe("AKIDx");
    // Keys from config never pick up a session token left in the shell.
    expect(fixed(settings(creds, { TENCENTCLOUD_SESSION_TOKEN: "stale" })).token).toBeUndefined();
    expect(fromEnv.account).not.toContain("AKIDenv");
    let error: unknown;
    try {
        tencentClientConfig(settings({ "tencentcloud:secretId": "AKIDonly" }), "cvm");
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/Incomplete Tencent Cloud credentials: tencentcloud:secretKey is not set \(tencentcloud:secretId is, in stack config\); both must come from stack config/);
    expect(String(error)).not.toContain("AKIDonly");

});

/**
 * What the provider makes of a home folder, in a process of its own with HOME set: the SDK's providers read
 * os.homedir(), which Jest's sandboxed process.env never reaches. Runs the built package (dist).
 */
function inHome(home: string, config: Record<string, string> = {}): { credential?: unknown; error?: string; kind?: string } {
    const script = `
        const { Settings } = require("./dist/provider/core/settings");
        const { tencentClientConfig } = require("./dist/provider/tencent/connection");
        (async () => {
            try {
                const c = tencentClientConfig(new Settings({ get: (k) => (${JSON.stringify(config)})[k] }, {}), "cvm");
                await c.prepare();
                const cred = c.config.credential;
                console.log(JSON.stringify({ credential: cred.getCredential ? await cred.getCredential() : "fixed" }));
            } catch (e) {
                console.log(JSON.stringify({ error: e.message, kind: e.name }));
            }
        })();`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "../.."), env: { PATH: process.env.PATH, HOME: home }, encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop()!);
}

function homeWithProfile(content?: string): string {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "home-"));
    if (content !== undefined) {
        fs.mkdirSync(path.join(home, ".tencentcloud"));
        fs.writeFileSync(path.join(home, ".tencentcloud", "credentials"), content);
    }
    return home;
}

test("with no keys in config or the environment, the SDK's profile file is read (through the SDK's own provider)", () => {
    expect(inHome(homeWithProfile("[default]\nsecret_id = AKIDprofile\nsecret_key = profilekey\n"))).toEqual({ credential: { secretId: "AKIDprofile", secretKey: "profilekey" } });
});

test("a profile without keys fails as a configuration error that says where it looked", () => {
    expect(inHome(homeWithProfile("[default]\nregion = ap-guangzhou\n"))).toEqual({ kind: "ConfigError", error: expect.stringMatching(/from the profile file .*\.tencentcloud\/credentials hold no secret id and key/) });
});

test("nothing anywhere: the error says every place keys may come from; a CVM instance role only when tencentcloud:camRoleName asks", () => {
    expect(inHome(homeWithProfile())).toEqual({ kind: "ConfigError", error: expect.stringMatching(/^No Tencent Cloud credentials: run `pulumi config set tencentcloud:secretId/) });
    const role = inHome(homeWithProfile(), { "tencentcloud:camRoleName": "image-builder" });
    // Off a CVM instance the metadata server is not there: a configuration error naming the role, never a retried network fault.
    expect(role).toEqual({ kind: "ConfigError", error: expect.stringMatching(/^Tencent Cloud credentials from the CVM instance role image-builder could not be read/) });
}, 30_000);
