import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage } from "pulumi-image-import";

const config = new pulumi.Config();

// Instances and other stacks boot from this image for months: `protect` makes `pulumi destroy` refuse
// until it is lifted on purpose, and `retainOnDelete` keeps the image in the cloud when the stack lets go.
const golden = new TencentCvmImportedImage(
    "ubuntu-golden",
    {
        imageName: config.get("imageName") ?? "ubuntu-22-04-golden-2026-12",
        imageUrl: config.get("imageUrl") ?? "https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu-22.04-golden.qcow2",
        osType: "Ubuntu",
        osVersion: "22.04",
        architecture: "x86_64",
        imageDescription: "Golden Ubuntu 22.04, December 2026",
        timeouts: { create: "4h" },
    },
    { protect: config.getBoolean("protect") ?? true, retainOnDelete: true },
);

// What other stacks read through a StackReference.
export const imageId = golden.imageId;
export const region = golden.region;
export const imageName = golden.imageName;
