import { TEST_CREDENTIALS, type Emulator } from "../../emulator";

// The official SDK, silenced before any client exists (its default logger prints every request).
require("jdcloud-sdk-js/src/lib/core").config.update({ logger: () => {} });
const VM = require("jdcloud-sdk-js/src/services/vm");

export const JD_KEY = TEST_CREDENTIALS.jdcloud[0];
export const JD_REGION = "cn-north-1";
/** importImage's platform values as JD's API page lists them, each with an osType it goes with. */
export const JD_PLATFORMS: [string, string][] = [
    ["Ubuntu", "linux"],
    ["CentOS", "linux"],
    ["Windows Server", "windows"],
    ["OpenEuler", "linux"],
    ["Rocky Linux", "linux"],
    ["Other Linux", "linux"],
    ["Other Windows", "windows"],
];

/** A bucket of the region's OSS, at its internal download address. */
export const JD_OSS = `https://images.s3-internal.${JD_REGION}.jdcloud-oss.com`;

/** The official VM client pointed at the emulator, as somebody outside Pulumi uses it. */
export function jdVmClient(port: number): any {
    return new VM({ credentials: { accessKeyId: JD_KEY.id, secretAccessKey: JD_KEY.secret }, regionId: JD_REGION, endpoint: { host: `127.0.0.1:${port}`, protocol: "http" } });
}

/** The emulator's JD state as stored: images and snapshots by id. */
export function jdBucket(emu: Emulator): { images?: Record<string, any>; snapshots?: Record<string, any> } {
    return (emu.store.snapshot()["jdcloud-vm"] ?? {}) as { images?: Record<string, any>; snapshots?: Record<string, any> };
}

/**
 * An outside delete as a user makes it, waited out: the image is `deleting` for a while, and the cases read
 * it as gone right after. The emulator's clock skips that while; the look-up that answers 404 is the proof.
 */
export async function deleteOutside(emu: Emulator, id: string): Promise<void> {
    const vm = jdVmClient(emu.port);
    await vm.deleteImage({ imageId: id, deleteSnapshot: true });
    emu.clock.advanceImports(emu.options.jdcloudDeletingMs);
    const gone = await vm.describeImage({ imageId: id }).then(
        () => false,
        (e: any) => e?.error?.status === "NOT_FOUND",
    );
    if (!gone) throw new Error(`image ${id} is still there after its deletion`);
}

/** A rename outside Pulumi, with the official SDK. */
export async function renameOutside(emu: Emulator, id: string, name: string): Promise<void> {
    await jdVmClient(emu.port).modifyImageAttribute({ imageId: id, name });
}
