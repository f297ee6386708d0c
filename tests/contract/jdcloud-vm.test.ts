import { JdcloudVmImportedImage } from "../../provider";
import { deleteOutside, jdBucket, jdVmClient, JD_OSS, JD_REGION, renameOutside } from "../emulator/jdcloud-helpers";
import { makeSecret } from "../../drivers/wire";
import { describeCloudContract } from "./suite";

const OS = { architecture: "x86_64", osType: "linux", platform: "CentOS", diskFormat: "qcow2", systemDiskSizeGB: 40 } as const;
const inputs = (name: string) => ({ region: JD_REGION, imageName: name, imageUrl: `${JD_OSS}/${name}.qcow2`, ...OS });

describeCloudContract({
    cloud: "jdcloud-vm",
    type: "pulumi-nodejs:dynamic/image-import:JdcloudVmImportedImage",
    construct: (name) => new JdcloudVmImportedImage(name, inputs(name)),
    inputs,
    failing: (i) => ({ ...i, imageUrl: `${JD_OSS}/fail-${i.imageName}.qcow2` }),
    slow: (i) => ({ ...i, imageUrl: `${JD_OSS}/slow-${i.imageName}.qcow2` }),
    config: (emu, o = {}) => ({
        "imageImport:endpoint": emu.url,
        "jdcloud:accessKey": emu.env.JDCLOUD_ACCESS_KEY,
        "jdcloud:secretKey": makeSecret(o.wrongSecret ? "JDC_NOT_THE_SECRET_KEY_0000000000" : emu.env.JDCLOUD_SECRET_KEY),
    }),
    images: (emu) => Object.values(jdBucket(emu).images ?? {}) as { id: string; name: string }[],
    // Every import makes a snapshot, which deleteImage keeps unless told otherwise.
    leftovers: (emu) => Object.keys(jdBucket(emu).snapshots ?? {}),
    actions: { importImage: "importImage", describe: "describeImages", deleteImage: "deleteImage" },
    // JD has no table to check against (no OS list, no preflight): the region rule is what check holds against the cloud's refusal.
    refusedByTables: (i) => ({ inputs: { ...i, imageUrl: String(i.imageUrl).replace(JD_REGION, "cn-east-2") }, field: "imageUrl" }),
    // Injected with the emulator's default HTTP 500: the status decides, as it must where throttling and quota share 429.
    throttleCode: "RESOURCE_EXHAUSTED",
    busyCode: "FAILED_PRECONDITION",
    importOutside: async (emu, name) => (await jdVmClient(emu.port).importImage(inputs(name))).result.imageId,
    renameOutside,
    deleteOutside,
    readyState: "ready",
});
