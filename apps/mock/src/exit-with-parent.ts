// Preloaded into the Prism process (node --import): the mock starts Prism with an IPC channel, which
// closes whenever the mock ends, even killed outright (SIGKILL). Prism then ends too, rather than
// staying behind on its port.
process.on("disconnect", () => process.exit(0));
