export { createLiveKitAdapter } from "./livekit-adapter.js";
export type { LiveKitSettings } from "./livekit-adapter.js";
export { TwirpTransport, useTwirpTransport } from "./twirp-transport.js";
