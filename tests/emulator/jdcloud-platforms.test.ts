import { startTestCloud, type TestCloud } from "../support/cloud";
import { jdBucket, JD_KEY, JD_OSS, JD_PLATFORMS, JD_REGION } from "./jdcloud-helpers";

/**
 * Every platform value JD's importImage page lists (Ubuntu, CentOS, Windows Server, OpenEuler, Rocky Linux,
 * Other Linux, Other Windows), taken by the JdcloudVmImportedImage provider's check and imported through
 * its create on the emulator, then deleted. The SDK-level cases are in jdcloud-vm.test.ts.
 */

let cloud: TestCloud;

beforeAll(async () => {
    cloud = await startTestCloud({ importDelayMs: 100 }, { "jdcloud:accessKey": JD_KEY.id, "jdcloud:secretKey": JD_KEY.secret });
});
afterAll(() => cloud.close());

test.each(JD_PLATFORMS)("platform %s (osType %s): check passes, create ends ready, delete removes it", async (platform, osType) => {
    const jd = cloud.provider("jdcloud-vm");
    const slug = platform.toLowerCase().replace(/ /g, "-");
    const { inputs, failures } = await jd.check(
        {},
        {
            __provider: "exports.handler = () => ({})",
            __imageImport: { token: `token-${slug}` },
            region: JD_REGION,
            imageName: slug,
            imageUrl: `${JD_OSS}/${slug}.qcow2`,
            architecture: "x86_64",
            osType,
            platform,
            diskFormat: "qcow2",
            systemDiskSizeGB: 40,
        },
    );
    expect(failures).toEqual([]);
    const { id, outs } = await jd.create(inputs!);
    expect(outs).toMatchObject({ imageId: id, imageStatus: "ready", platform, osType });
    expect(cloud.emu.log.query({ cloud: "jdcloud-vm", action: "importImage" }).at(-1)).toMatchObject({ status: 200, params: expect.objectContaining({ platform }) });
    await jd.delete(id, outs);
    cloud.emu.clock.advanceImports(cloud.emu.options.jdcloudDeletingMs);
    expect(Object.keys(jdBucket(cloud.emu).images ?? {})).not.toContain(id);
});
