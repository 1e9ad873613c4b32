export * from "./real-livekit.js";
export * from "./sipp.js";
export * from "./rtp.js";
