export * from "./errors.js";
export * from "./livekit-port.js";
export * from "./phone-number.js";
export * from "./room-access-policy.js";
export * from "./transfer-call.js";
