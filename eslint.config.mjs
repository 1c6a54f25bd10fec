import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["node_modules/**", ".next/**", "generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read configuration through lib/config.ts." }],
    },
  },
  {
    // Entry points and tooling that run before/outside the validated config.
    files: ["scripts/**", "tools/**", "bench/**", "tests/**", "e2e/**", "**/*.test.ts", "server.ts", "proxy.ts", "instrumentation.ts", "lib/config.ts", "prisma.config.ts", "playwright.config.ts", "*.config.*"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Playwright fixtures call their parameter `use`, which is not a React hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
];

export default config;
