// The AWS SDK warns once per process that its 2027 releases will need Node 22; tests run on Node 20
// by design (the machine's runtime), so the warning is noise in every suite.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
