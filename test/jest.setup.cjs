// The AWS SDK warns once per process that its releases from January 2027 need Node 22. The suite also
// runs on the machine's Node 20 (see "Node versions" in docs/architecture.md), where the warning is
// noise in every suite; on Node 22 and 24 it never fires.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// scripts/test-nodes.mjs runs jest under a pinned Node and says which one: a worker on any other Node
// (a jest that started its workers with a different binary) must not pass for that version.
const expected = process.env.SHIFTGUARD_EXPECTED_NODE;
if (expected !== undefined && process.version !== expected) {
  throw new Error(
    `this jest run is for Node ${expected}, but this test file runs on ${process.version} (${process.execPath})`,
  );
}
