// Code lint for the whole repository in one run (`pnpm lint`; the spec is linted by Redocly, see
// redocly.yaml, and the Python client by ruff).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", ".cache/**", "packages/api-types/src/openapi.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: globals.node },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // The domain and the contract's types run on any JavaScript runtime: no Node built-ins or globals.
    files: ["packages/domain/src/**", "packages/api-types/src/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^node:", message: "The domain runs on any runtime: take it as a port instead." }] },
      ],
      "no-restricted-globals": ["error", "process", "Buffer", "global", "require", "__dirname", "__filename"],
    },
  },
  {
    // The transfers console runs in the browser only.
    files: ["apps/server/console/**"],
    languageOptions: { globals: globals.browser },
    rules: { "no-restricted-globals": ["error", "process", "Buffer", "global", "require"] },
  },
  {
    files: ["**/test/**", "**/scripts/**", "**/bench/**", "packages/e2e/**", "packages/contract-tests/**"],
    rules: { "no-console": "off" },
  },
);
