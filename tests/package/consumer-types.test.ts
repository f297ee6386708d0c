import { typeCheckAsConsumer } from "../support/consumer";

/**
 * A consumer's type check of the package and its emulator subpath, under each `moduleResolution` users
 * set: node10 (the old "node", which ignores `exports`), node16 and bundler. Runs the built typings.
 */
test.each([
    ["node", "commonjs"],
    ["node16", "node16"],
    ["bundler", "esnext"],
])("moduleResolution %s resolves the package and pulumi-image-import/emulator", (moduleResolution, module) => {
    const code = `import { TencentCvmImportedImage, type TencentCvmImportedImageArgs } from "pulumi-image-import";
import { startEmulator, type Emulator } from "pulumi-image-import/emulator";
export const args: TencentCvmImportedImageArgs = { imageName: "n", imageUrl: "u", osType: "CentOS", osVersion: "7", architecture: "x86_64" };
export const make = (name: string) => new TencentCvmImportedImage(name, args);
export const start: () => Promise<Emulator> = () => startEmulator({ port: 0 });
`;
    expect(typeCheckAsConsumer({ "index.ts": code }, { module, moduleResolution })).toBe("");
}, 60_000);
