// Web app lint config: the shared root rules plus React hooks rules for the SPA sources.
import reactHooks from "eslint-plugin-react-hooks";
import root from "../../eslint.config.js";

export default [
  ...root,
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ...reactHooks.configs.flat["recommended-latest"],
  },
];
