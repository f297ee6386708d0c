import type { Emulator } from "../../emulator";
import { TencentEcmImportedImage } from "../../provider";
import { ecmClient, REGION, seedCvmImage } from "../emulator/tencent-helpers";
import { makeSecret } from "../../drivers/wire";
import { describeCloudContract } from "./suite";

const ecmImages = (emu: Emulator) => Object.values(((emu.store.snapshot()["tencent-ecm"] ?? {}) as { images?: object }).images ?? {}) as { id: string; name: string; source: { imageId: string } }[];

/**
 * One ready CVM image per name, seeded on first use: the source each ECM import copies. The import's
 * description is the resource's mark, so the emulator's markers ("fail", "slow") travel in the source's name.
 */
const sources = new Map<string, string>();
let emulator: Emulator;
function sourceFor(emu: Emulator, name: string): string {
    if (!sources.has(name)) sources.set(name, seedCvmImage(emu, name).id);
    return sources.get(name)!;
}

describeCloudContract({
    cloud: "tencent-ecm",
    type: "pulumi-nodejs:dynamic/image-import:TencentEcmImportedImage",
    construct: (name) => new TencentEcmImportedImage(name, { sourceImageId: "img-00000000", sourceRegion: REGION, imageDescription: "captured" }),
    // The CVM image and the ECM image share the case's name: the import takes the CVM image's, and imageName keeps it.
    inputs: (name, emu) => {
        emulator = emu;
        return { sourceImageId: sourceFor(emu, name), sourceRegion: REGION, imageDescription: `contract ${name}`, imageName: name };
    },
    failing: (i) => ({ ...i, sourceImageId: sourceFor(emulator, `fail-${i.imageName}`) }),
    slow: (i) => ({ ...i, sourceImageId: sourceFor(emulator, `slow-${i.imageName}`) }),
    config: (emu, o = {}) => ({
        "imageImport:endpoint": emu.url,
        "tencentcloud:secretId": emu.env.TENCENTCLOUD_SECRET_ID,
        "tencentcloud:secretKey": makeSecret(o.wrongSecret ? "not-the-secret-key-0000000000000" : emu.env.TENCENTCLOUD_SECRET_KEY),
    }),
    images: ecmImages,
    // An ECM import makes nothing besides the image.
    leftovers: () => [],
    actions: { importImage: "ImportImage", describe: "DescribeImage", deleteImage: "DeleteImage" },
    // No such CVM image: the source is checked before anything is imported.
    refusedByTables: (i) => ({ inputs: { ...i, sourceImageId: "img-0000none" }, field: "sourceImageId" }),
    throttleCode: "RequestLimitExceeded",
    busyCode: "FailedOperation.ImageInUse",
    // Somebody else imports the same CVM image with the same description, which ECM allows once.
    importOutside: async (emu, name) => {
        const src = sourceFor(emu, name);
        await ecmClient(emu.port).request("ImportImage", { ImageId: src, ImageDescription: `contract ${name}`, SourceRegion: REGION });
        return ecmImages(emu).find((i) => i.source.imageId === src)!.id;
    },
    renameOutside: async (emu, id, name) => void (await ecmClient(emu.port).request("ModifyImageAttribute", { ImageId: id, ImageName: name })),
    deleteOutside: async (emu, id) => void (await ecmClient(emu.port).request("DeleteImage", { ImageIDSet: [id] })),
    readyState: "NORMAL",
});
