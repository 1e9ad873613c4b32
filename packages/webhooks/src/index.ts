export * from "./send-webhook.js";
export * from "./webhook-dispatcher.js";
export * from "./webhook-target.js";
