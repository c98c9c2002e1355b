// ESLint for the web app: plain ES modules in the browser, no build step (see .ci/run).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["app/web/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }], // `x != null`: null or undefined
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];
