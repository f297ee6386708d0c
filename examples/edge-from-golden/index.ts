import * as pulumi from "@pulumi/pulumi";
import { TencentEcmImportedImage } from "pulumi-image-import";

const config = new pulumi.Config();

// The golden-images stack, e.g. "acme/golden-images/prod" (or "organization/golden-images/prod" on a
// self-managed backend): its outputs are this stack's inputs, and its image is not this stack's to delete.
const golden = new pulumi.StackReference(config.require("goldenStack"));

const edge = new TencentEcmImportedImage("golden-edge", {
    sourceImageId: golden.requireOutput("imageId").apply(String),
    sourceRegion: golden.requireOutput("region").apply(String),
    imageDescription: config.get("imageDescription") ?? "Golden Ubuntu 22.04 for edge zones",
});

export const imageId = edge.imageId;
export const imageState = edge.imageState;
