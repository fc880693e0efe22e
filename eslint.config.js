// ESLint for arealweb's own scripts: browser ES modules beside the vendor globals the pages load
// first (Leaflet with Geoman, markercluster and heat as L; Chart.js as Chart). Only the request
// helper may call fetch: every other script talks to the server through it.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "**/.venv*/", "instance/", "build/", "dist/"] },
  js.configs.recommended,
  {
    files: ["arealweb/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, L: "readonly", Chart: "readonly" },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-restricted-globals": ["error", { name: "fetch", message: "Talk to the server through request.js." }],
      "no-restricted-properties": [
        "error",
        { object: "window", property: "fetch", message: "Talk to the server through request.js." },
      ],
    },
  },
  {
    files: ["arealweb/static/request.js"],
    rules: { "no-restricted-globals": "off" },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
