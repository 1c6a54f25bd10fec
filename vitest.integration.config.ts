// Integration tests: real SQLite or PostgreSQL (SG_TEST_DB), one fresh database per file.
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: ["tests/integration/**/*.test.ts"],
    setupFiles: ["tests/support/integration-setup.ts"],
    // Two cores: files run one at a time so the databases are not contended.
    fileParallelism: false,
  },
});
