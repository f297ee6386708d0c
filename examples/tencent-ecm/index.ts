import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage, TencentEcmImportedImage } from "pulumi-image-import";

const config = new pulumi.Config();
const region = new pulumi.Config("tencentcloud").get("region") ?? "ap-guangzhou";

// ECM copies a CVM image, so the disk image goes into CVM first.
const ubuntu = new TencentCvmImportedImage("ubuntu-2204", {
    region,
    imageName: config.get("sourceImageName") ?? "ubuntu-22-04-edge-source",
    imageUrl: config.getSecret("imageUrl") ?? pulumi.output("https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu-22.04-server.qcow2"),
    osType: "Ubuntu",
    osVersion: "22.04",
    architecture: "x86_64",
    timeouts: { create: "4h" },
});

// The CVM image's outputs carry the dependency: ECM imports it once it is NORMAL, and a new CVM image
// (another disk image) replaces this one too.
const edge = new TencentEcmImportedImage("ubuntu-2204-edge", {
    sourceImageId: ubuntu.imageId,
    sourceRegion: ubuntu.region,
    imageDescription: config.get("imageDescription") ?? "Ubuntu 22.04 for edge zones",
    // ECM names hold at most 20 characters; without one the image keeps the CVM image's name.
    imageName: config.get("imageName") ?? "ubuntu-2204-edge",
    timeouts: { create: config.get("createTimeout") ?? "2h" },
});

export const cvmImageId = ubuntu.imageId;
export const imageId = edge.imageId;
export const imageState = edge.imageState;
export const osName = edge.osName;
