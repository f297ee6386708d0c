import * as pulumi from "@pulumi/pulumi";
import { TencentCvmImportedImage, TencentEcmImportedImage } from "pulumi-image-import";

const config = new pulumi.Config();

// The golden-images stack, e.g. "acme/golden-images/prod" (or "organization/golden-images/prod" on a
// self-managed backend): its outputs are this stack's inputs, and its image is not this stack's to delete.
const golden = new pulumi.StackReference(config.require("goldenStack"));

// The golden image itself, read (never imported or deleted) by this stack: its state as the cloud reports it.
const source = TencentCvmImportedImage.get("golden-source", golden.requireOutput("imageId").apply(String));

const edge = new TencentEcmImportedImage("golden-edge", {
    sourceImageId: golden.requireOutput("imageId").apply(String),
    sourceRegion: golden.requireOutput("region").apply(String),
    imageDescription: config.get("imageDescription") ?? "Golden Ubuntu 22.04 for edge zones",
});

export const sourceName = source.imageName;
export const sourceState = source.imageState;
export const imageId = edge.imageId;
export const imageState = edge.imageState;
