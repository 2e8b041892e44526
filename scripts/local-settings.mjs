// functions/local.settings.json is the Functions tooling's file: func start reads it from the function project,
// and so does the host double. Jobs:
//   node scripts/local-settings.mjs init FILE  -> create it from the sample (generating the secrets), or check it
//   node scripts/local-settings.mjs port FILE  -> print Host.LocalHttpPort, or 7071
//   node scripts/local-settings.mjs values     -> the sample's Values with fresh secrets, as NUL-separated NAME=VALUE
//                                                 (an environment for a throwaway run: gateway-demo.sh)
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

const [mode, file] = process.argv.slice(2);
const placeholder = "__GENERATED_ON_FIRST_START__";
const generators = {
  "Gatehouse__Bootstrap__Password": () => randomBytes(18).toString("base64url"),
  "Gatehouse__Secrets__token-key": () => randomBytes(32).toString("base64"),
  "Gatehouse__Secrets__mfa-key": () => randomBytes(32).toString("base64"),
  "Gatehouse__Secrets__portal-sso-secret": () => randomBytes(32).toString("base64url"),
};

/** The file's settings, or exit naming the file, the line and the column of what is wrong. */
function read(path) {
  const text = readFileSync(path, "utf8");
  try {
    const settings = JSON.parse(text);
    if (typeof settings?.Values !== "object" || settings.Values === null) throw new SyntaxError('there is no "Values" object');
    return settings;
  } catch (error) {
    const position = Number(/position (\d+)/.exec(error.message)?.[1] ?? NaN);
    const where = Number.isNaN(position) ? "" : (() => {
      const before = text.slice(0, position).split("\n");
      return `:${before.length}:${before.at(-1).length + 1}`;
    })();
    console.error(`${path}${where}: not valid settings (${error.message}). Fix it, or delete it to have a new one generated.`);
    process.exit(1);
  }
}

/** The sample's settings, every placeholder replaced by a freshly generated value. */
function fromSample() {
  const settings = read("local.settings.sample.json");
  for (const [key, value] of Object.entries(settings.Values)) {
    if (value === placeholder) settings.Values[key] = (generators[key] ?? (() => randomBytes(24).toString("base64url")))();
  }
  return settings;
}

if (mode === "init" && file) {
  if (!existsSync(file) && existsSync("local.settings.json")) {
    renameSync("local.settings.json", file);
    console.log(`Moved local.settings.json to ${file}, where func start reads it.`);
  }
  if (existsSync(file)) {
    read(file);
    process.exit(0);
  }
  writeFileSync(file, JSON.stringify(fromSample(), null, 2) + "\n", { mode: 0o600 });
  console.log(`Created ${file} with a generated bootstrap password and secrets (git-ignored).`);
} else if (mode === "port" && file) {
  const port = read(file).Host?.LocalHttpPort ?? 7071;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${file}: Host.LocalHttpPort must be a TCP port (1-65535), not ${JSON.stringify(port)}.`);
    process.exit(1);
  }
  console.log(port);
} else if (mode === "values") {
  process.stdout.write(Object.entries(fromSample().Values).map(([key, value]) => `${key}=${value}\0`).join(""));
} else {
  console.error("usage: node scripts/local-settings.mjs init|port FILE, or values");
  process.exit(2);
}
