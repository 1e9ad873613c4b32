import { memoryStore } from "@sip-transfer/domain/testing";
import { describeTransferStore, describeWarmTransferStore } from "./conformance.js";

// The domain's unit tests run on this store: held to the same suite as the adapters, it cannot
// drift from what they do.
describeTransferStore("memory (the domain's unit-test store)", {
  open: async () => memoryStore(),
});
describeWarmTransferStore("memory (the domain's unit-test store)", { open: async () => memoryStore() });
