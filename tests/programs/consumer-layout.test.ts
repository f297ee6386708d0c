import * as fs from "fs";
import { makeConsumerProject, startProgram, stateProblems, type ProgramRun } from "../support/programs";
import { expectOk } from "../support/pulumi";

/**
 * A user's own project, outside this repository: the package sits in its node_modules (linked, as
 * an install would put it there), so the serialized shim must find the runtime through the
 * project's node_modules rather than the repository's package self-reference.
 */
let project: string;
let run: ProgramRun;

beforeAll(async () => {
    project = makeConsumerProject();
    run = await startProgram(project);
}, 120_000);

afterAll(async () => {
    await run?.close();
    fs.rmSync(project, { recursive: true, force: true });
});

test("a project that installed the package imports, refreshes and destroys an image", async () => {
    expectOk(await run.stack.up());
    expect((await run.stack.outputs()).imageId).toMatch(/^img-/);
    expect(run.images()).toHaveLength(1);
    expect(await stateProblems(run)).toEqual([]);
    expectOk(await run.stack.refresh());
    expectOk(await run.stack.destroy());
    expect(run.images()).toHaveLength(0);
}, 240_000);
