/**
 * Turns Automation API failures into one actionable sentence. Matches the
 * typed errors by name (ConcurrentUpdateError, StackNotFoundError, ...) so this
 * module stays pure and does not load the Pulumi SDK.
 */

/** The last `error:` lines Pulumi printed, which carry the cause. */
function pulumiErrorLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^error:|^\w+:.*error:/i.test(line))
    .slice(-3);
}

/** One sentence (sometimes two) saying what went wrong in `action` on `stackName` and what to do. */
export function explainPulumiError(err: unknown, stackName: string, action: string): string {
  const e = err as { name?: string; message?: string; code?: string };
  const text = e.message ?? String(err);
  switch (e.name) {
    case "ConcurrentUpdateError":
      return `Another update is running on stack ${stackName}; wait for it to finish, or run \`pulumi cancel --stack ${stackName}\` if it died.`;
    case "StackNotFoundError":
      return `Stack ${stackName} does not exist in the current Pulumi backend; create it with \`pulumi stack init ${stackName}\` or pick another --stack.`;
    case "StackAlreadyExistsError":
      return `Stack ${stackName} already exists; select it instead of creating it.`;
  }
  if (e.code === "ENOENT" || /spawn pulumi ENOENT|pulumi: not found/.test(text)) {
    return "The Pulumi CLI is not on PATH; install it (https://www.pulumi.com/docs/install/), or for the local cluster's offline toolchain run npm run cluster:build and then source cluster/pulumi-env.sh.";
  }
  if (/PULUMI_ACCESS_TOKEN|pulumi login|not logged in/i.test(text)) {
    return "Pulumi has no backend to store state in; run `pulumi login --local` or set PULUMI_BACKEND_URL=file://<dir>.";
  }
  if (/passphrase/i.test(text)) {
    return `Stack ${stackName} needs its secrets passphrase; set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE).`;
  }
  const detail = pulumiErrorLines(text).join(" ") || text.split("\n")[0];
  const hint =
    /metrics-server/.test(text) && /time(d)? ?out|timeout/i.test(text)
      ? " metrics-server never became Ready: on KIND it needs --kubelet-insecure-tls (feastflow:metricsServer.kubeletInsecureTls: true), otherwise Pulumi's Deployment await gives up after 10 minutes."
      : "";
  return `pulumi ${action} on stack ${stackName} failed: ${detail}${hint}`;
}
