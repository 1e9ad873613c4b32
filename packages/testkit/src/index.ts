export * from "./livekit-stand-in.js";
export * from "./net.js";
export * from "./spec.js";
export * from "./spec-checked-fetch.js";
export * from "./spec-validator.js";
export * from "./redis-server.js";
export * from "./webhook-receiver.js";
export * from "./otlp-receiver.js";
