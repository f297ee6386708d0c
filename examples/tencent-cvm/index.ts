import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage } from "pulumi-image-import";

const config = new pulumi.Config();
const region = new pulumi.Config("tencentcloud").get("region") ?? "ap-guangzhou";

// A presigned COS URL is a credential until it expires: keep it as a secret config value
// (`pulumi config set --secret imageUrl 'https://...?...q-signature=...'`). The resource keeps it
// secret in state, and signing it again later is not a change.
const imageUrl = config.getSecret("imageUrl") ?? pulumi.output("https://images-1250000000.cos.ap-guangzhou.myqcloud.com/ubuntu-22.04-server.qcow2");

const ubuntu = new TencentCvmImportedImage("ubuntu-2204", {
    region,
    imageName: config.get("imageName") ?? "ubuntu-22-04-golden",
    imageUrl,
    osType: "Ubuntu",
    osVersion: config.get("osVersion") ?? "22.04",
    architecture: "x86_64",
    bootMode: "UEFI",
    licenseType: "TencentCloud",
    imageDescription: config.get("imageDescription") ?? "Golden Ubuntu 22.04 image",
    imageFamily: "ubuntu-golden",
    tags: { team: "platform", managedBy: "pulumi" },
    // Large images take hours; a timed-out import stays in the stack and the next `up` resumes it.
    timeouts: { create: config.get("createTimeout") ?? "4h", delete: "30m" },
});

export const imageId = ubuntu.imageId;
export const imageState = ubuntu.imageState;
export const createdTime = ubuntu.createdTime;
