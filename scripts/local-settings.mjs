// local.settings.json is the Functions tooling's file (func start reads it too). Two jobs:
//   node scripts/local-settings.mjs init  -> create it from the sample, generating the secrets
//   node scripts/local-settings.mjs env   -> print its Values as shell exports
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

const file = "local.settings.json";
const placeholder = "__GENERATED_ON_FIRST_START__";
const generators = {
  "Gatehouse__Bootstrap__Password": () => randomBytes(18).toString("base64url"),
  "Gatehouse__Secrets__token-key": () => randomBytes(32).toString("base64"),
  "Gatehouse__Secrets__portal-sso-secret": () => randomBytes(32).toString("base64url"),
};

const mode = process.argv[2];
if (mode === "init") {
  if (existsSync(file)) process.exit(0);
  const settings = JSON.parse(readFileSync("local.settings.sample.json", "utf8"));
  for (const [key, value] of Object.entries(settings.Values)) {
    if (value === placeholder) settings.Values[key] = (generators[key] ?? (() => randomBytes(24).toString("base64url")))();
  }
  writeFileSync(file, JSON.stringify(settings, null, 2) + "\n", { mode: 0o600 });
  console.log(`Created ${file} with a generated bootstrap password and secrets (git-ignored).`);
} else if (mode === "env") {
  const { Values } = JSON.parse(readFileSync(file, "utf8"));
  const quote = (v) => "'" + String(v).replaceAll("'", "'\\''") + "'";
  for (const [key, value] of Object.entries(Values)) {
    // Keys with '-' (e.g. token-key) are not shell identifiers: pass them through env(1) instead.
    console.log(/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `export ${key}=${quote(value)}` : `GATEHOUSE_ENV_EXTRA+=(${quote(`${key}=${value}`)})`);
  }
} else {
  console.error("usage: node scripts/local-settings.mjs init|env");
  process.exit(2);
}
